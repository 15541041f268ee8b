-- The HTTP status of the last answer a platform gave on this result, for webhooks the receiver's status.
-- The answer's body is never stored: a failure's errorMessage carries at most a sanitised excerpt of 200 characters.
ALTER TABLE "PublicationResult" ADD COLUMN "responseStatus" INTEGER;
