import type { KeysetPosition, Page } from "./pagination";

/**
 * The read API's data contract: what a route needs from wherever reads are served. prisma-read
 * implements it with Prisma on PostgreSQL (functions/prisma-read/queries), the control with its
 * deterministic mock data (functions/mock-read/mock-data): both serve the same routes, the same
 * validation and authorization, and the same response shapes.
 */
export interface ReadSource {
  /** A round trip to the data behind the source; throws when it cannot be had. */
  checkHealth(): Promise<void>;
  /** The profile, or null when the creator does not exist or is deleted. */
  findCreatorProfile(creatorId: string, now: Date): Promise<CreatorProfile | null>;
  /** True when the creator exists and is not deleted. */
  creatorExists(creatorId: string): Promise<boolean>;
  /** A page of the creator's fans; empty, never an error, when the creator is missing. */
  listFans(request: FanPageRequest): Promise<Page<FanSummary>>;
  /** True when the fan exists, belongs to the creator, and neither is deleted. */
  fanExists(creatorId: string, fanId: string): Promise<boolean>;
  listMessages(request: MessagePageRequest): Promise<Page<MessageItem>>;
  revenueByPeriod(request: RevenueRequest): Promise<RevenueBucket[]>;
}

/** A fan's subscription tier (the Prisma schema's FanTier; a test keeps the two equal). */
export const FAN_TIERS = ["FREE", "BASIC", "PREMIUM", "VIP"] as const;
export type FanTier = (typeof FAN_TIERS)[number];

/** Who sent a message (the Prisma schema's MessageDirection). */
export type MessageDirection = "CREATOR_TO_FAN" | "FAN_TO_CREATOR";

export const PROFILE_REVENUE_DAYS = 30;

export interface CreatorProfile {
  readonly id: string;
  readonly handle: string;
  readonly displayName: string;
  readonly createdAt: string;
  /** Fans neither unsubscribed nor deleted. */
  readonly activeFanCount: number;
  /** Revenue of the last 30 days, per currency (amounts of different currencies are never added). */
  readonly revenueLast30Days: Array<{ readonly currency: string; readonly amountCents: number }>;
}

export interface FanSummary {
  readonly id: string;
  readonly displayName: string;
  readonly tier: FanTier;
  readonly lifetimeValueCents: number;
  readonly subscribedAt: string;
  readonly unsubscribedAt: string | null;
}

export interface FanPageRequest {
  readonly creatorId: string;
  readonly limit: number;
  /** Where the page starts: the position of the previous page's last fan, from its cursor. */
  readonly after?: KeysetPosition;
  readonly tier?: FanTier;
}

export interface MessageItem {
  readonly id: string;
  readonly direction: MessageDirection;
  readonly body: string;
  readonly sentAt: string;
}

export interface MessagePageRequest {
  readonly creatorId: string;
  readonly fanId: string;
  readonly limit: number;
  /** Where the page starts: the position of the previous page's last message, from its cursor. */
  readonly after?: KeysetPosition;
}

export type RevenueGranularity = "day" | "month";

export interface RevenueRequest {
  readonly creatorId: string;
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  readonly granularity: RevenueGranularity;
}

export interface RevenueBucket {
  /** The period's first instant, in UTC. */
  readonly periodStart: string;
  readonly currency: string;
  readonly amountCents: number;
  readonly transactions: number;
}

/** Names a fan listing in its cursors, so a cursor is bound to one creator and one tier filter. */
export function fanListing(creatorId: string, tier: FanTier | undefined): string {
  return `fans:${creatorId}:${tier ?? "*"}`;
}

/** Names a conversation in its cursors. */
export function messageListing(creatorId: string, fanId: string): string {
  return `messages:${creatorId}:${fanId}`;
}
