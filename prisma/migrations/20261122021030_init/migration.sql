-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "FanTier" AS ENUM ('FREE', 'BASIC', 'PREMIUM', 'VIP');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('CREATOR_TO_FAN', 'FAN_TO_CREATOR');

-- CreateEnum
CREATE TYPE "TransactionType" AS ENUM ('SUBSCRIPTION', 'TIP', 'PPV');

-- CreateTable
CREATE TABLE "creators" (
    "id" UUID NOT NULL,
    "handle" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "creators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fans" (
    "id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "display_name" VARCHAR(128) NOT NULL,
    "tier" "FanTier" NOT NULL,
    "lifetime_value_cents" BIGINT NOT NULL DEFAULT 0,
    "subscribed_at" TIMESTAMPTZ(3) NOT NULL,
    "unsubscribed_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "fans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "fan_id" UUID NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "body" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions" (
    "id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "fan_id" UUID,
    "type" "TransactionType" NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "creators_handle_key" ON "creators"("handle");

-- CreateIndex
CREATE INDEX "fans_creator_page_idx" ON "fans"("creator_id", "subscribed_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "fans_creator_tier_page_idx" ON "fans"("creator_id", "tier", "subscribed_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "messages_fan_page_idx" ON "messages"("fan_id", "sent_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "messages_creator_idx" ON "messages"("creator_id");

-- CreateIndex
CREATE INDEX "transactions_creator_time_idx" ON "transactions"("creator_id", "occurred_at", "amount_cents", "currency");

-- CreateIndex
CREATE INDEX "transactions_fan_idx" ON "transactions"("fan_id");

-- AddForeignKey
ALTER TABLE "fans" ADD CONSTRAINT "fans_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_fan_id_fkey" FOREIGN KEY ("fan_id") REFERENCES "fans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "creators"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_fan_id_fkey" FOREIGN KEY ("fan_id") REFERENCES "fans"("id") ON DELETE SET NULL ON UPDATE CASCADE;
