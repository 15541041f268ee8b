-- The collection job records which metrics reading it took last, instead of searching MongoDB for it.
ALTER TABLE "PublicationResult" ADD COLUMN "metricsReading" INTEGER;
