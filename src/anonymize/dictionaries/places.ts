/**
 * Invented place, street and company names, built from generic word parts: plausible, plain,
 * and naming no real address or business.
 * @module
 */

const words = (s: string): string[] => s.trim().split(/\s+/);

const TOWN_STARTS = words(`
  Ash Birch Bram Brook Cedar Clear Cold Copper Deer East Elm Fair Fern Fox Glen Gold Green Hazel
  High Holly Iron Lake Long Maple Marsh Mill North Oak Pine Red River Rock Rose Salt Silver South
  Spring Stone West Willow
`);
const TOWN_ENDS = words(`
  bury dale field ford haven ley mere mont port ridge stead ton vale wick wood
`);

/** Invented town names (600): "Ashford", "Willowmere". */
export const CITIES: readonly string[] = TOWN_STARTS.flatMap((a) => TOWN_ENDS.map((b) => a + b));

const STREET_NAMES = words(`
  Acorn Alder Amber Aspen Bay Beech Bell Birch Bridge Brook Canal Castle Cedar Chapel Cherry
  Church Clover Coral Daisy Elm Fern Field Forest Garden Harbor Hawthorn Heather Hill Holly Ivy
  Juniper Lake Laurel Lilac Linden Magnolia Maple Meadow Mill Mint Oak Orchard Park Pine Poplar
  Quarry Rowan Sage School Spring Spruce Station Sunset Thistle Valley Vine Walnut Well Willow Yew
`);
const STREET_KINDS = words(`
  Street Avenue Road Lane Drive Way Place Court Terrace Row
`);

/** Invented street names without a number (600): "Maple Avenue". */
export const STREETS: readonly string[] = STREET_NAMES.flatMap((a) => STREET_KINDS.map((b) => `${a} ${b}`));

const COMPANY_STARTS = words(`
  Amberline Apex Bluefield Brightwater Cloudberry Copperleaf Crestview Driftwood Evergreen
  Fairwind Foxglove Goldcrest Granite Greenway Harborlight Highland Ironbridge Juniper Keystone
  Lakeside Larkspur Meadowbrook Millstone Northstar Oakridge Pinecrest Quarterline Redwood
  Riverbend Sandstone Silverline Stonegate Summit Sunflower Tidewater Trailhead Valleyview
  Westbrook Whitfield Willowmere
`);
const COMPANY_KINDS = words(`
  Analytics Consulting Design Energy Farms Foods Health Holdings Labs Logistics Media Partners
  Robotics Software Studio Supply Systems Textiles Travel Works
`);

/** Invented company names (800): "Keystone Logistics". */
export const COMPANIES: readonly string[] = COMPANY_STARTS.flatMap((a) => COMPANY_KINDS.map((b) => `${a} ${b}`));
