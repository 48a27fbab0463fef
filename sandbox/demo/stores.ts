/**
 * The demo stores and their product kinds: the tables the demo catalog is generated from.
 *
 * Stores, brands and model names are invented. Kinds deliberately overlap across stores (water bottles, kettles,
 * headphones, backpacks, mugs, jackets...) so cross-catalog search and "similar items" have something to find.
 */

export type Shape =
  | 'bottle'
  | 'jacket'
  | 'shirt'
  | 'shoe'
  | 'backpack'
  | 'tent'
  | 'kettle'
  | 'pan'
  | 'pot'
  | 'knife'
  | 'board'
  | 'mug'
  | 'headphones'
  | 'earbuds'
  | 'speaker'
  | 'watch'
  | 'device'
  | 'cable'
  | 'keyboard'
  | 'lamp'
  | 'camera'
  | 'textile'
  | 'candle'
  | 'hat';

export const PALETTE = {
  black: ['Black', '#1f1f1f'],
  white: ['White', '#f4f4f0'],
  navy: ['Navy', '#1f2f4f'],
  forest: ['Forest Green', '#2f5d3a'],
  moss: ['Moss', '#6b7f3a'],
  rust: ['Rust', '#b4532a'],
  sand: ['Sand', '#d8c7a0'],
  slate: ['Slate Grey', '#5b6770'],
  sky: ['Sky Blue', '#6fa8dc'],
  red: ['Signal Red', '#c62f2f'],
  ochre: ['Ochre', '#c9962b'],
  plum: ['Plum', '#6d3b5e'],
  teal: ['Teal', '#2a7f7a'],
  cream: ['Cream', '#f2ead3'],
  sage: ['Sage', '#a3b18a'],
  terracotta: ['Terracotta', '#c8643b'],
  copper: ['Copper', '#b87333'],
  steel: ['Stainless Steel', '#c0c4c8'],
  graphite: ['Graphite', '#3a3d42'],
  silver: ['Silver', '#c9ccd1'],
  midnight: ['Midnight Blue', '#22265e'],
  coral: ['Coral', '#f27d6b'],
  lilac: ['Lilac', '#b7a3d6'],
  charcoal: ['Charcoal', '#36454f'],
  olive: ['Olive', '#708238'],
  blush: ['Blush Pink', '#e8b4b8'],
  mint: ['Mint', '#98d7c2'],
  yellow: ['Sunflower Yellow', '#f2c12e'],
  orange: ['Blaze Orange', '#f26b1d'],
  natural: ['Natural', '#e6dccb'],
  walnut: ['Walnut', '#5c4033'],
} as const satisfies Record<string, readonly [string, string]>;
export type ColorKey = keyof typeof PALETTE;

export interface KindSpec {
  /** Product type (also `enrichment.type`), e.g. "water bottle". */
  type: string;
  count: number;
  /** Title nouns; a title is `[Men's|Women's] <Model> <noun>[<suffix>]`. */
  nouns: string[];
  suffixes?: string[];
  /** Category path; the leaf is the product's collection. */
  path: string[];
  shape: Shape;
  price: [number, number];
  /** When as many as `nouns`, the material at a noun's index goes with that noun. */
  materials: string[];
  /** Verb phrases: "packs into its own chest pocket". */
  features: string[];
  /** Noun phrases: "wet-weather hikes and city commutes". */
  uses: string[];
  colors: ColorKey[];
  /** Alternative size sets; a product uses one of them. Absent: no sizes. */
  sizes?: string[][];
  gendered?: boolean;
  /** Titles are grammatically plural ("Headphones"): features are written with plural verbs. */
  plural?: boolean;
  activewear?: boolean;
  tags: string[];
}

export type ThemeKey = 'trailhead' | 'hearth' | 'voltage';

export interface StoreSpec {
  key: string;
  name: string;
  tagline: string;
  currency: 'USD' | 'EUR' | 'GBP';
  skuPrefix: string;
  /** Second digit of the demo GTINs (GS1 prefix 2xx = restricted circulation, never a real product). */
  gtinDigit: string;
  theme: ThemeKey;
  brands: string[];
  models: string[];
  kinds: KindSpec[];
}

const APPAREL = ['XS', 'S', 'M', 'L', 'XL'];
const SHOES_US = ['7', '8', '9', '10', '11', '12'];
const BOTTLE = ['500 ml', '750 ml', '1 L'];

const trailhead: StoreSpec = {
  key: 'trailhead',
  name: 'Trailhead & Tide',
  tagline: 'Outdoor gear and sportswear for wet weekends and long trails',
  currency: 'USD',
  skuPrefix: 'TT',
  gtinDigit: '1',
  theme: 'trailhead',
  brands: ['Ridgeback', 'Alder & Pine', 'Kestrel Gear', 'Summit Thread', 'Tidewater Co.'],
  models: [
    'Cascade', 'Ridgeline', 'Sierra', 'Timberline', 'Basin', 'Glacier', 'Juniper', 'Talus', 'Cirrus', 'Switchback',
    'Redwood', 'Meridian', 'Coastline', 'Granite', 'Aspen', 'Canyon', 'Drift', 'Ember', 'Harbor', 'Larch',
  ],
  kinds: [
    {
      type: 'rain jacket', count: 6, nouns: ['Rain Jacket', 'Waterproof Rain Jacket', 'Packable Rain Shell'],
      path: ['Clothing', 'Jackets', 'Rain Jackets'], shape: 'jacket', price: [89, 249],
      materials: ['recycled nylon ripstop', '2.5-layer waterproof polyester', '3-layer waterproof laminate'],
      features: ['seals out downpours with fully taped seams', 'packs into its own chest pocket', 'has pit zips to dump heat on climbs', 'keeps its hood in place with a single-pull adjuster'],
      uses: ['wet-weather hikes and city commutes', 'alpine day trips', 'travel when the forecast is unsure'],
      colors: ['navy', 'forest', 'red', 'ochre', 'black', 'sky'], sizes: [APPAREL], gendered: true, activewear: true,
      tags: ['waterproof', 'rainwear', 'outerwear'],
    },
    {
      type: 'down jacket', count: 4, nouns: ['Down Jacket', 'Hooded Puffer Jacket', 'Insulated Jacket'],
      path: ['Clothing', 'Jackets', 'Insulated Jackets'], shape: 'jacket', price: [149, 329],
      materials: ['700-fill responsibly sourced down', '800-fill goose down', 'recycled synthetic insulation'],
      features: ['compresses to the size of a water bottle', 'traps warmth with baffled chambers', 'sheds light snow with a water-repellent finish'],
      uses: ['cold belays and winter walks', 'camp evenings above the treeline', 'layering under a shell'],
      colors: ['black', 'rust', 'navy', 'olive', 'coral'], sizes: [APPAREL], gendered: true,
      tags: ['insulated', 'warm', 'outerwear'],
    },
    {
      type: 'fleece', count: 4, nouns: ['Grid Fleece Hoodie', 'Fleece Pullover', 'Quarter-Zip Fleece'],
      path: ['Clothing', 'Mid Layers', 'Fleece'], shape: 'shirt', price: [59, 139],
      materials: ['recycled polyester grid fleece', 'brushed microfleece', 'high-loft pile fleece'],
      features: ['breathes on fast ascents', 'dries quickly after a sweaty climb', 'has a stretchy, low-profile hem'],
      uses: ['shoulder-season hikes', 'layering under a rain jacket', 'chilly mornings at camp'],
      colors: ['sage', 'charcoal', 'sand', 'plum', 'teal'], sizes: [APPAREL], gendered: true, activewear: true,
      tags: ['fleece', 'midlayer'],
    },
    {
      type: 'base layer', count: 4, nouns: ['Merino Wool Base Layer Top', 'Merino Crew Base Layer', 'Long-Sleeve Base Layer'],
      path: ['Clothing', 'Base Layers'], shape: 'shirt', price: [55, 110],
      materials: ['18.5-micron merino wool', 'merino and nylon core-spun yarn', 'merino wool blend'],
      features: ['regulates temperature and resists odour for days', 'feels soft against the skin', 'wicks moisture away on the move'],
      uses: ['multi-day treks', 'ski touring', 'cold-weather running'],
      colors: ['black', 'navy', 'forest', 'lilac'], sizes: [APPAREL], gendered: true, activewear: true,
      tags: ['merino', 'baselayer'],
    },
    {
      type: 'hiking boots', plural: true, count: 3, nouns: ['Waterproof Hiking Boots', 'Mid Hiking Boots'],
      path: ['Footwear', 'Hiking Boots'], shape: 'shoe', price: [129, 229],
      materials: ['full-grain leather with a waterproof membrane', 'abrasion-resistant suede and mesh'],
      features: ['grip wet rock with a deep-lug rubber outsole', 'support the ankle on loose ground', 'need almost no break-in time'],
      uses: ['rocky trails and muddy descents', 'weekend backpacking trips'],
      colors: ['walnut', 'charcoal', 'olive'], sizes: [SHOES_US], gendered: true,
      tags: ['boots', 'footwear', 'waterproof'],
    },
    {
      type: 'trail running shoes', plural: true, count: 3, nouns: ['Trail Running Shoes', 'Trail Runners'],
      path: ['Footwear', 'Trail Running Shoes'], shape: 'shoe', price: [99, 169],
      materials: ['engineered mesh upper', 'recycled knit upper'],
      features: ['have a cushioned midsole for long miles', 'drain fast after stream crossings', 'lock the heel in on descents'],
      uses: ['technical singletrack', 'ultra races and long training runs'],
      colors: ['orange', 'teal', 'black', 'coral'], sizes: [SHOES_US], gendered: true, activewear: true,
      tags: ['running', 'footwear'],
    },
    {
      type: 'water bottle', count: 5, nouns: ['Insulated Water Bottle', 'Stainless Steel Water Bottle', 'Collapsible Water Bottle'],
      path: ['Camp & Hike', 'Hydration', 'Water Bottles'], shape: 'bottle', price: [18, 45],
      materials: ['double-wall 18/8 stainless steel', 'single-wall 18/8 stainless steel', 'food-grade silicone'],
      features: ['keeps drinks cold for 24 hours', 'has a leakproof chug cap', 'fits most car cup holders', 'rolls up small when empty'],
      uses: ['day hikes and gym sessions', 'long drives and office desks', 'bike commutes'],
      colors: ['teal', 'orange', 'black', 'sage', 'white', 'sky'], sizes: [BOTTLE],
      tags: ['hydration', 'bottle', 'reusable'],
    },
    {
      type: 'backpack', count: 5, nouns: ['Hiking Backpack', 'Daypack', 'Ultralight Pack'], suffixes: ['', ' 24L', ' 32L', ' 45L'],
      path: ['Camp & Hike', 'Backpacks'], shape: 'backpack', price: [69, 239],
      materials: ['recycled 420D nylon', 'waxed canvas', 'ripstop nylon with a PU coating'],
      features: ['has a ventilated back panel', 'carries a hydration sleeve', 'comes with a stowable rain cover', 'spreads the load with a padded hip belt'],
      uses: ['summit days and overnighters', 'travel and everyday carry', 'fast-and-light hikes'],
      colors: ['forest', 'black', 'rust', 'slate'],
      tags: ['backpack', 'pack'],
    },
    {
      type: 'tent', count: 3, nouns: ['2-Person Backpacking Tent', '4-Person Camping Tent', 'Ultralight Trekking Tent'],
      path: ['Camp & Hike', 'Tents'], shape: 'tent', price: [199, 499],
      materials: ['silicone-coated ripstop nylon', 'polyester with aluminium poles'],
      features: ['pitches in under five minutes', 'has two doors and two vestibules', 'stands up to strong winds'],
      uses: ['backcountry camping', 'family campground weekends'],
      colors: ['ochre', 'olive', 'orange'],
      tags: ['tent', 'shelter', 'camping'],
    },
    {
      type: 'sleeping bag', count: 3, nouns: ['Down Sleeping Bag', 'Synthetic Sleeping Bag'], suffixes: [' 20°F', ' 32°F'],
      path: ['Camp & Hike', 'Sleeping Bags'], shape: 'textile', price: [129, 379],
      materials: ['650-fill down', 'recycled synthetic fill'],
      features: ['compresses small in its stuff sack', 'has a draft collar and a contoured hood'],
      uses: ['three-season camping', 'chilly alpine nights'],
      colors: ['red', 'navy', 'teal'],
      tags: ['sleeping bag', 'camping'],
    },
    {
      type: 'camp kettle', count: 3, nouns: ['Camp Kettle', 'Titanium Camp Kettle'],
      path: ['Camp & Hike', 'Camp Kitchen'], shape: 'kettle', price: [24, 69],
      materials: ['hard-anodised aluminium', 'lightweight titanium'],
      features: ['boils a litre of water in under four minutes', 'nests a gas canister inside', 'has a folding heat-proof handle'],
      uses: ['brewing coffee at camp', 'boiling water for trail meals'],
      colors: ['steel', 'copper', 'olive'],
      tags: ['kettle', 'camp kitchen', 'cookware'],
    },
    {
      type: 'headlamp', count: 3, nouns: ['Rechargeable Headlamp', 'Headlamp'], suffixes: [' 400 lm', ' 600 lm'],
      path: ['Camp & Hike', 'Lighting'], shape: 'lamp', price: [29, 79],
      materials: ['impact-resistant polycarbonate'],
      features: ['charges over USB-C', 'has a red night-vision mode', 'survives heavy rain'],
      uses: ['alpine starts and night runs', 'finding things in the tent'],
      colors: ['black', 'orange', 'yellow'],
      tags: ['light', 'headlamp'],
    },
    {
      type: 'headphones', plural: true, count: 3, nouns: ['Bone Conduction Headphones', 'Open-Ear Sport Headphones'],
      path: ['Accessories', 'Sport Electronics'], shape: 'headphones', price: [79, 149],
      materials: ['titanium frame with silicone coating'],
      features: ['leave your ears open to hear traffic', 'shrug off sweat and rain', 'play for eight hours on a charge'],
      uses: ['running on roads and trails', 'cycling commutes'],
      colors: ['black', 'blush', 'sky'], activewear: true,
      tags: ['headphones', 'audio', 'running'],
    },
    {
      type: 'mug', count: 3, nouns: ['Insulated Camp Mug', 'Enamel Camp Mug'],
      path: ['Camp & Hike', 'Camp Kitchen'], shape: 'mug', price: [14, 32],
      materials: ['vacuum-insulated stainless steel', 'enamelled steel'],
      features: ['has a press-fit lid', 'keeps coffee hot for hours', 'stacks neatly in a pack'],
      uses: ['slow mornings at camp', 'road trips'],
      colors: ['white', 'forest', 'red', 'navy'],
      tags: ['mug', 'camp kitchen'],
    },
    {
      type: 'running shorts', plural: true, count: 3, nouns: ['Running Shorts', 'Trail Shorts'], suffixes: [' 5"', ' 7"'],
      path: ['Clothing', 'Shorts'], shape: 'shirt', price: [35, 65],
      materials: ['lightweight recycled polyester', 'stretch-woven nylon'],
      features: ['have a zip pocket for keys', 'dry in minutes'],
      uses: ['tempo runs and races', 'hot-weather hikes'],
      colors: ['black', 'coral', 'navy', 'mint'], sizes: [APPAREL], gendered: true, activewear: true,
      tags: ['running', 'shorts'],
    },
    {
      type: 'trekking poles', plural: true, count: 3, nouns: ['Carbon Trekking Poles', 'Folding Trekking Poles'],
      path: ['Camp & Hike', 'Trekking Poles'], shape: 'cable', price: [59, 149],
      materials: ['carbon fibre shafts with cork grips', 'aluminium shafts with foam grips'],
      features: ['fold down to fit in a daypack', 'lock securely with lever clamps'],
      uses: ['steep descents', 'long-distance trekking'],
      colors: ['black', 'red', 'slate'],
      tags: ['trekking', 'poles'],
    },
    {
      type: 'sun hat', count: 2, nouns: ['Sun Hat', 'Wide-Brim Hiking Hat'],
      path: ['Accessories', 'Hats'], shape: 'hat', price: [25, 49],
      materials: ['UPF 50 nylon', 'organic cotton canvas'],
      features: ['has a removable neck cape', 'floats if it blows into the lake'],
      uses: ['desert hikes', 'paddling trips'],
      colors: ['sand', 'olive', 'white'], sizes: [['S/M', 'L/XL']],
      tags: ['hat', 'sun protection'],
    },
  ],
};

const hearth: StoreSpec = {
  key: 'hearth',
  name: 'Hearth & Ladle',
  tagline: 'Kitchenware and home textiles made to last',
  currency: 'EUR',
  skuPrefix: 'HL',
  gtinDigit: '2',
  theme: 'hearth',
  brands: ['Maison Verte', 'Kupferhaus', 'Nordlys Home', 'Ollaria', 'Terrazza'],
  models: [
    'Alba', 'Brio', 'Clio', 'Dora', 'Elba', 'Fiora', 'Greta', 'Helsa', 'Isola', 'Juno',
    'Lumi', 'Mira', 'Nola', 'Orla', 'Pia', 'Rosa', 'Siena', 'Tilda', 'Vela', 'Zola',
  ],
  kinds: [
    {
      type: 'stovetop kettle', count: 4, nouns: ['Whistling Stovetop Kettle', 'Enamel Stovetop Kettle', 'Copper Stovetop Kettle'], suffixes: [', 1.5 L', ', 2 L'],
      path: ['Kitchen', 'Kettles'], shape: 'kettle', price: [35, 89],
      materials: ['brushed stainless steel', 'enamelled carbon steel', 'polished copper'],
      features: ['whistles when the water boils', 'works on gas, electric and induction hobs', 'has a stay-cool beech handle'],
      uses: ['slow weekend breakfasts', 'tea for the whole table'],
      colors: ['cream', 'red', 'sage', 'steel', 'copper'],
      tags: ['kettle', 'induction', 'tea'],
    },
    {
      type: 'electric kettle', count: 4, nouns: ['Electric Kettle', 'Glass Electric Kettle', 'Variable Temperature Kettle'],
      path: ['Kitchen', 'Kettles'], shape: 'kettle', price: [39, 129],
      materials: ['brushed stainless steel', 'borosilicate glass', 'matte powder-coated steel'],
      features: ['boils 1.7 litres in under four minutes', 'holds green-tea temperatures precisely', 'switches off automatically when dry'],
      uses: ['pour-over coffee and loose-leaf tea', 'busy family kitchens'],
      colors: ['white', 'black', 'sage', 'cream'],
      tags: ['kettle', 'electric', 'tea'],
    },
    {
      type: 'skillet', count: 4, nouns: ['Cast Iron Skillet', 'Pre-Seasoned Cast Iron Pan'], suffixes: [''],
      path: ['Kitchen', 'Cookware', 'Frying Pans'], shape: 'pan', price: [29, 79],
      materials: ['pre-seasoned cast iron'],
      features: ['holds heat for a perfect sear', 'goes from hob to oven to table', 'gets better with every use'],
      uses: ['steaks, cornbread and shakshuka', 'induction and open-fire cooking'],
      colors: ['black'], sizes: [['20 cm', '24 cm', '28 cm']],
      tags: ['cast iron', 'frying pan', 'cookware'],
    },
    {
      type: 'frying pan', count: 4, nouns: ['Non-Stick Frying Pan', 'Stainless Steel Frying Pan'],
      path: ['Kitchen', 'Cookware', 'Frying Pans'], shape: 'pan', price: [25, 95],
      materials: ['forged aluminium with a ceramic non-stick coating', 'tri-ply stainless steel'],
      features: ['heats evenly right to the edge', 'releases eggs without oil', 'is dishwasher safe'],
      uses: ['everyday omelettes and stir-fries', 'weeknight dinners'],
      colors: ['steel', 'graphite', 'sage'], sizes: [['24 cm', '28 cm']],
      tags: ['frying pan', 'cookware', 'induction'],
    },
    {
      type: 'dutch oven', count: 3, nouns: ['Enamelled Cast Iron Dutch Oven', 'Cast Iron Casserole'], suffixes: [', 4.7 L', ', 6 L'],
      path: ['Kitchen', 'Cookware', 'Casseroles'], shape: 'pot', price: [89, 249],
      materials: ['enamelled cast iron'],
      features: ['keeps a braise at a gentle simmer for hours', 'has a self-basting lid', 'bakes crusty no-knead bread'],
      uses: ['stews, ragù and sourdough', 'Sunday roasts'],
      colors: ['terracotta', 'sage', 'navy', 'cream', 'red'],
      tags: ['cast iron', 'casserole', 'cookware'],
    },
    {
      type: 'kitchen knife', count: 4, nouns: ["Chef's Knife", 'Santoku Knife', 'Bread Knife'], suffixes: [' 20 cm', ' 18 cm', ''],
      path: ['Kitchen', 'Knives'], shape: 'knife', price: [39, 149],
      materials: ['German X50CrMoV15 steel with an olive-wood handle', 'Damascus-clad VG-10 steel', 'high-carbon stainless steel'],
      features: ['holds a razor edge', 'is balanced at the bolster', 'comes in a gift box with a blade guard'],
      uses: ['prepping vegetables and herbs', 'slicing crusty loaves'],
      colors: ['walnut', 'black', 'natural'],
      tags: ['knife', 'cutlery'],
    },
    {
      type: 'cutting board', count: 3, nouns: ['Acacia Cutting Board', 'End-Grain Chopping Board', 'Olive Wood Serving Board'],
      path: ['Kitchen', 'Prep & Serve'], shape: 'board', price: [24, 89],
      materials: ['solid acacia wood', 'end-grain walnut', 'Tuscan olive wood'],
      features: ['is gentle on knife edges', 'has a deep juice groove', 'doubles as a cheese platter'],
      uses: ['carving roasts', 'serving antipasti'],
      colors: ['natural', 'walnut'],
      tags: ['cutting board', 'wood'],
    },
    {
      type: 'water bottle', count: 4, nouns: ['Glass Water Bottle', 'Borosilicate Water Bottle with Sleeve'],
      path: ['Kitchen', 'Drinkware', 'Water Bottles'], shape: 'bottle', price: [16, 39],
      materials: ['borosilicate glass with a silicone sleeve', 'double-wall glass with a bamboo lid'],
      features: ['keeps water tasting clean', 'has a leakproof bamboo lid', 'is dishwasher safe'],
      uses: ['the office desk and yoga class', 'infused water in the fridge'],
      colors: ['sage', 'blush', 'mint', 'charcoal'], sizes: [['550 ml', '750 ml']],
      tags: ['water bottle', 'glass', 'reusable'],
    },
    {
      type: 'mug', count: 4, nouns: ['Stoneware Mug', 'Ceramic Mug Set of 4', 'Handmade Espresso Cup Set'],
      path: ['Kitchen', 'Drinkware', 'Mugs & Cups'], shape: 'mug', price: [12, 48],
      materials: ['reactive-glaze stoneware', 'glazed ceramic', 'hand-thrown porcelain'],
      features: ['is microwave and dishwasher safe', 'has a comfortable looped handle', 'is glazed by hand, so each one differs'],
      uses: ['morning coffee', 'afternoon tea with friends'],
      colors: ['cream', 'sage', 'terracotta', 'navy', 'blush'],
      tags: ['mug', 'stoneware', 'coffee'],
    },
    {
      type: 'coffee maker', count: 4, nouns: ['French Press', 'Pour-Over Coffee Dripper', 'Manual Burr Coffee Grinder'],
      path: ['Kitchen', 'Coffee & Tea'], shape: 'pot', price: [22, 99],
      materials: ['borosilicate glass and stainless steel', 'ceramic', 'stainless steel with ceramic burrs'],
      features: ['brews a full-bodied cup in four minutes', 'grinds evenly from espresso to coarse', 'has a double mesh filter'],
      uses: ['slow Sunday coffee', 'camping and travel brewing'],
      colors: ['black', 'copper', 'white', 'steel'],
      tags: ['coffee', 'brewing'],
    },
    {
      type: 'salt and pepper mill', count: 3, nouns: ['Salt & Pepper Mill Set', 'Pepper Mill'],
      path: ['Kitchen', 'Prep & Serve'], shape: 'device', price: [29, 69],
      materials: ['beech wood with a ceramic grinder', 'acacia wood with a carbon-steel mechanism'],
      features: ['adjusts from fine to coarse', 'never rusts or clogs'],
      uses: ['seasoning at the table', 'everyday cooking'],
      colors: ['natural', 'walnut', 'black'],
      tags: ['mill', 'spices'],
    },
    {
      type: 'tea towels', count: 3, nouns: ['Linen Tea Towel Set', 'Waffle Cotton Tea Towel Set'],
      path: ['Home & Living', 'Kitchen Textiles'], shape: 'textile', price: [15, 35],
      materials: ['stonewashed European linen', 'organic waffle-weave cotton'],
      features: ['gets softer with every wash', 'dries glasses without lint'],
      uses: ['drying dishes', 'covering rising dough'],
      colors: ['sage', 'ochre', 'natural', 'blush'],
      tags: ['linen', 'textiles'],
    },
    {
      type: 'tablecloth', count: 3, nouns: ['Linen Tablecloth'], suffixes: [' 140 × 200 cm', ' 160 × 250 cm'],
      path: ['Home & Living', 'Kitchen Textiles'], shape: 'textile', price: [49, 99],
      materials: ['stonewashed European linen'],
      features: ['drapes beautifully with a relaxed, rumpled look', 'is machine washable at 40 °C'],
      uses: ['long dinners with friends', 'holiday tables'],
      colors: ['natural', 'terracotta', 'sage'],
      tags: ['linen', 'table'],
    },
    {
      type: 'duvet cover', count: 3, nouns: ['Linen Duvet Cover', 'Percale Duvet Cover Set'],
      path: ['Home & Living', 'Bedding'], shape: 'textile', price: [79, 229],
      materials: ['washed French flax linen', '300-thread-count organic cotton percale'],
      features: ['breathes on warm nights', 'closes with coconut-shell buttons', 'is certified free of harmful substances'],
      uses: ['year-round sleeping', 'guest rooms'],
      colors: ['white', 'sage', 'lilac', 'terracotta'], sizes: [['Single', 'Double', 'King']],
      tags: ['bedding', 'linen'],
    },
    {
      type: 'storage containers', count: 4, nouns: ['Glass Food Storage Set', 'Stackable Pantry Jar Set'], suffixes: [', 5 Pieces', ', 3 Pieces'],
      path: ['Kitchen', 'Storage'], shape: 'device', price: [19, 59],
      materials: ['tempered glass with bamboo lids', 'borosilicate glass with snap-lock lids'],
      features: ['goes from freezer to oven', 'stacks neatly in the pantry', 'seals airtight'],
      uses: ['meal prep and leftovers', 'storing flour, oats and pasta'],
      colors: ['natural', 'white'],
      tags: ['storage', 'glass'],
    },
    {
      type: 'candle', count: 3, nouns: ['Scented Soy Candle', 'Beeswax Pillar Candle'],
      path: ['Home & Living', 'Decor'], shape: 'candle', price: [18, 42],
      materials: ['natural soy wax in a ceramic vessel', 'pure beeswax'],
      features: ['burns cleanly for 50 hours', 'smells of fig leaf and cedar'],
      uses: ['cosy evenings', 'the dinner table'],
      colors: ['cream', 'ochre', 'sage'],
      tags: ['candle', 'decor'],
    },
    {
      type: 'throw blanket', count: 3, nouns: ['Wool Throw Blanket', 'Waffle Knit Throw'],
      path: ['Home & Living', 'Decor'], shape: 'textile', price: [59, 149],
      materials: ['lambswool', 'recycled cotton waffle knit'],
      features: ['is woven in a small family mill', 'has hand-knotted fringes'],
      uses: ['sofa evenings', 'picnics and the end of the bed'],
      colors: ['ochre', 'charcoal', 'rust', 'cream'],
      tags: ['throw', 'wool', 'decor'],
    },
  ],
};

const voltage: StoreSpec = {
  key: 'voltage',
  name: 'Voltage Lane',
  tagline: 'Audio, wearables and desk tech with next-day UK delivery',
  currency: 'GBP',
  skuPrefix: 'VL',
  gtinDigit: '3',
  theme: 'voltage',
  brands: ['Aurion', 'Pulsewave', 'Lumetric', 'Quillsound', 'Brightcell'],
  models: [
    'Nova', 'Orbit', 'Pulse', 'Vector', 'Echo', 'Flux', 'Helix', 'Ion', 'Kite', 'Lynx',
    'Nimbus', 'Prism', 'Quark', 'Radius', 'Sonar', 'Tempo', 'Vertex', 'Zephyr', 'Arc', 'Volt',
  ],
  kinds: [
    {
      type: 'headphones', plural: true, count: 5, nouns: ['Wireless Noise-Cancelling Headphones', 'Over-Ear Headphones', 'Studio Monitor Headphones'],
      path: ['Audio', 'Headphones'], shape: 'headphones', price: [59, 349],
      materials: ['memory-foam ear cushions and an aluminium headband', 'protein-leather cushions and a steel frame'],
      features: ['silence engine rumble with adaptive noise cancelling', 'play for 40 hours on a charge', 'fold flat into a hard case', 'pair with two devices at once'],
      uses: ['long flights and open-plan offices', 'mixing and podcast editing', 'the daily commute'],
      colors: ['black', 'silver', 'midnight', 'sand'],
      tags: ['headphones', 'audio', 'bluetooth'],
    },
    {
      type: 'earbuds', plural: true, count: 5, nouns: ['True Wireless Earbuds', 'Noise-Cancelling Earbuds', 'Sport Earbuds'],
      path: ['Audio', 'Earbuds'], shape: 'earbuds', price: [29, 229],
      materials: ['soft silicone tips and a recycled plastic case'],
      features: ['are sweat and splash resistant (IPX5)', 'charge wirelessly in their pocketable case', 'switch to transparency mode with a tap'],
      uses: ['workouts and runs', 'calls on the go', 'the daily commute'],
      colors: ['black', 'white', 'midnight', 'mint'],
      tags: ['earbuds', 'headphones', 'audio', 'bluetooth'],
    },
    {
      type: 'speaker', count: 4, nouns: ['Portable Bluetooth Speaker', 'Waterproof Speaker', 'Smart Home Speaker'],
      path: ['Audio', 'Speakers'], shape: 'speaker', price: [39, 249],
      materials: ['a fabric-wrapped aluminium body', 'a rugged rubberised shell'],
      features: ['floats and survives a drop in the pool (IP67)', 'fills a room with 360° sound', 'links with a second speaker for stereo'],
      uses: ['garden parties and beach days', 'the kitchen and living room'],
      colors: ['black', 'teal', 'coral', 'graphite'],
      tags: ['speaker', 'audio', 'bluetooth'],
    },
    {
      type: 'smartwatch', count: 4, nouns: ['Smartwatch', 'GPS Running Watch', 'Fitness Tracker'],
      path: ['Wearables', 'Smartwatches'], shape: 'watch', price: [49, 399],
      materials: ['an aluminium case with a silicone strap', 'a titanium case with a sapphire lens'],
      features: ['tracks heart rate, sleep and SpO2', 'has built-in GPS and offline maps', 'lasts 10 days between charges'],
      uses: ['training for a marathon', 'everyday health tracking'],
      colors: ['black', 'silver', 'blush', 'olive'], sizes: [['41 mm', '45 mm']], activewear: true,
      tags: ['wearable', 'fitness', 'smartwatch'],
    },
    {
      type: 'power bank', count: 4, nouns: ['Power Bank', 'Magnetic Power Bank'], suffixes: [' 10,000 mAh', ' 20,000 mAh'],
      path: ['Power & Charging', 'Power Banks'], shape: 'device', price: [19, 79],
      materials: ['a recycled aluminium shell'],
      features: ['charges a laptop over 65 W USB-C', 'snaps magnetically to the back of a phone', 'shows the exact charge on a small display'],
      uses: ['travel days and festivals', 'emergency kits'],
      colors: ['black', 'white', 'lilac'],
      tags: ['power bank', 'charging', 'usb-c'],
    },
    {
      type: 'charger', count: 3, nouns: ['GaN USB-C Charger', 'Travel Charger'], suffixes: [' 65W', ' 100W', ' 30W'],
      path: ['Power & Charging', 'Chargers'], shape: 'device', price: [19, 69],
      materials: ['gallium nitride electronics in a fire-resistant shell'],
      features: ['charges a laptop and a phone together', 'folds its pins flat', 'ships with UK, EU and US plugs'],
      uses: ['travel and hotel rooms', 'a tidy desk'],
      colors: ['white', 'black'],
      tags: ['charger', 'usb-c'],
    },
    {
      type: 'cable', count: 3, nouns: ['Braided USB-C Cable', 'USB-C to Lightning Cable'], suffixes: [', 1 m', ', 2 m'],
      path: ['Power & Charging', 'Cables'], shape: 'cable', price: [8, 25],
      materials: ['double-braided nylon'],
      features: ['survives 30,000 bends', 'carries 100 W and 10 Gbps data'],
      uses: ['charging at the bedside', 'the laptop bag'],
      colors: ['black', 'white', 'coral'],
      tags: ['cable', 'usb-c'],
    },
    {
      type: 'keyboard', count: 3, nouns: ['Mechanical Keyboard', 'Low-Profile Wireless Keyboard'],
      path: ['Computing', 'Keyboards & Mice'], shape: 'keyboard', price: [49, 179],
      materials: ['an aluminium top plate with PBT keycaps', 'a recycled plastic chassis'],
      features: ['has hot-swappable tactile switches', 'pairs with three devices', 'glows with per-key backlighting'],
      uses: ['long coding sessions', 'a minimalist home office'],
      colors: ['graphite', 'white', 'sand'],
      tags: ['keyboard', 'computing'],
    },
    {
      type: 'mouse', count: 3, nouns: ['Wireless Mouse', 'Ergonomic Vertical Mouse'],
      path: ['Computing', 'Keyboards & Mice'], shape: 'device', price: [19, 99],
      materials: ['a soft-touch polymer shell'],
      features: ['tracks on glass', 'scrolls a thousand lines a second', 'reduces wrist strain'],
      uses: ['spreadsheets and design work', 'travel with a laptop'],
      colors: ['graphite', 'white', 'lilac'],
      tags: ['mouse', 'computing'],
    },
    {
      type: 'electric kettle', count: 3, nouns: ['Smart Electric Kettle', 'Wi-Fi Electric Kettle'],
      path: ['Smart Home', 'Kitchen Tech'], shape: 'kettle', price: [49, 129],
      materials: ['brushed stainless steel with a glass window', 'matte steel'],
      features: ['heats to the exact degree from an app', 'keeps water warm for an hour', 'works with voice assistants'],
      uses: ['tea, coffee and baby formula', 'a connected kitchen'],
      colors: ['steel', 'black', 'white'],
      tags: ['kettle', 'smart home'],
    },
    {
      type: 'water bottle', count: 2, nouns: ['Smart Water Bottle'],
      path: ['Smart Home', 'Health Tech'], shape: 'bottle', price: [29, 69],
      materials: ['double-wall stainless steel with a sensor lid'],
      features: ['glows to remind you to drink', 'logs every sip in the companion app'],
      uses: ['hitting your daily hydration goal', 'the gym and the office'],
      colors: ['black', 'white', 'teal'], sizes: [['500 ml', '750 ml']],
      tags: ['water bottle', 'hydration', 'smart'],
    },
    {
      type: 'e-reader', count: 3, nouns: ['E-Reader', 'Waterproof E-Reader'], suffixes: [' 6"', ' 7"'],
      path: ['Computing', 'E-Readers'], shape: 'device', price: [89, 229],
      materials: ['a glare-free E Ink display and recycled plastic body'],
      features: ['has a warm front light for night reading', 'lasts weeks on a charge', 'survives a dip in the bath'],
      uses: ['holidays and commutes', 'reading in bed'],
      colors: ['black', 'sage', 'midnight'], sizes: [['16 GB', '32 GB']],
      tags: ['e-reader', 'reading'],
    },
    {
      type: 'webcam', count: 3, nouns: ['1080p Webcam', '4K Webcam'],
      path: ['Computing', 'Webcams'], shape: 'camera', price: [39, 179],
      materials: ['a glass lens and an aluminium clip'],
      features: ['corrects low light automatically', 'has a privacy shutter', 'cancels background noise with twin microphones'],
      uses: ['video calls', 'streaming'],
      colors: ['black', 'white'],
      tags: ['webcam', 'video'],
    },
    {
      type: 'desk lamp', count: 3, nouns: ['LED Desk Lamp', 'Smart Light Bar'],
      path: ['Smart Home', 'Lighting'], shape: 'lamp', price: [29, 119],
      materials: ['an anodised aluminium arm'],
      features: ['adjusts colour temperature through the day', 'has a wireless charging base', 'dims without flicker'],
      uses: ['late-night study', 'a home office'],
      colors: ['white', 'black', 'silver'],
      tags: ['lamp', 'lighting'],
    },
    {
      type: 'backpack', count: 3, nouns: ['Laptop Backpack', 'Tech Commuter Backpack'], suffixes: [' 15"', ' 16"'],
      path: ['Accessories', 'Bags'], shape: 'backpack', price: [49, 149],
      materials: ['water-resistant recycled polyester', 'coated ballistic nylon'],
      features: ['has a padded laptop sleeve and cable organiser', 'opens flat for airport security', 'hides a pass-through USB port'],
      uses: ['the daily commute', 'business travel'],
      colors: ['black', 'graphite', 'navy'],
      tags: ['backpack', 'laptop bag'],
    },
    {
      type: 'action camera', count: 3, nouns: ['4K Action Camera', 'Waterproof Action Camera'],
      path: ['Cameras', 'Action Cameras'], shape: 'camera', price: [99, 399],
      materials: ['a rugged polycarbonate body'],
      features: ['stabilises footage on bumpy trails', 'dives to 10 m without a case', 'streams live over Wi-Fi'],
      uses: ['mountain biking and surfing', 'travel vlogs'],
      colors: ['black', 'orange'],
      tags: ['camera', 'video', 'waterproof'],
    },
    {
      type: 'portable ssd', count: 3, nouns: ['Portable SSD'], suffixes: [''],
      path: ['Computing', 'Storage'], shape: 'device', price: [59, 229],
      materials: ['an aluminium enclosure'],
      features: ['transfers at up to 1,050 MB/s', 'survives a 2 m drop', 'encrypts your files in hardware'],
      uses: ['photo and video backups', 'moving projects between computers'],
      colors: ['graphite', 'coral', 'sky'], sizes: [['1 TB', '2 TB']],
      tags: ['storage', 'ssd'],
    },
    {
      type: 'monitor', count: 3, nouns: ['4K USB-C Monitor', 'QHD Monitor'], suffixes: [' 27"', ' 24"'],
      path: ['Computing', 'Monitors'], shape: 'device', price: [179, 549],
      materials: ['an IPS panel on an aluminium stand'],
      features: ['charges a laptop over one cable', 'covers 98% of DCI-P3', 'tilts, swivels and rotates'],
      uses: ['photo editing', 'a hybrid-work desk'],
      colors: ['black', 'silver'],
      tags: ['monitor', 'display'],
    },
  ],
};

export const STORES: StoreSpec[] = [trailhead, hearth, voltage];

export function storeByKey(key: string | null | undefined): StoreSpec | undefined {
  return STORES.find((s) => s.key === key);
}
