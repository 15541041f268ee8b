-- The HTTP status of the platform's last answer on this result (webhooks: the receiver's status). The answer's
-- body is never stored: a failure's errorMessage carries at most a sanitised 200-character excerpt.
ALTER TABLE "PublicationResult" ADD COLUMN "responseStatus" INTEGER;
