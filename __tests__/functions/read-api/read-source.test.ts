import { FanTier, MessageDirection } from "../../../prisma/generated/client/enums";
import { FAN_TIERS, type MessageDirection as ContractDirection } from "../../../functions/read-api/read-source";

describe("the read API's data contract", () => {
  it("names the same fan tiers and message directions as the Prisma schema", () => {
    const directions: ContractDirection[] = ["CREATOR_TO_FAN", "FAN_TO_CREATOR"];

    expect([...FAN_TIERS]).toEqual(Object.values(FanTier));
    expect(directions).toEqual(Object.values(MessageDirection));
  });
});
