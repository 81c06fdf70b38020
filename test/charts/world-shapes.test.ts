import { expect, it } from "vitest";
import { worldShapesModule } from "../../scripts/world-projection";

// `npm run map:generate` writes the file; anywhere else (CI included) a difference fails here.
it("the map's country paths are what world-atlas and d3-geo project today", async () => {
  await expect(worldShapesModule()).toMatchFileSnapshot("../../src/charts/world-shapes.generated.ts");
});
