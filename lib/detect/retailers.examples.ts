/**
 * Example URLs for every rule in RETAILER_RULES (kept out of retailers.ts so they do not ship in the content
 * script). `examples` are product pages the rule must claim (and no other rule may); `nonProduct` are pages of the
 * same store (categories, search) that no rule may claim. The unit tests check all of them against all rules.
 */
export const RETAILER_EXAMPLES: Readonly<Record<string, { examples: readonly string[]; nonProduct: readonly string[] }>> = {
  amazon: {
    examples: [
      'https://www.amazon.com/dp/B07FW264WL',
      'https://www.amazon.co.uk/Tefal-Essential-Pots-Pans-Set/dp/B004SNMXRS/ref=sr_1_3?keywords=pans&qid=1',
      'https://www.amazon.de/gp/product/B00BRMIU7A?psc=1',
      'https://smile.amazon.com/gp/aw/d/B081ZQK4BZ/',
    ],
    nonProduct: [
      'https://www.amazon.com/s?k=headphones',
      'https://www.amazon.com/gp/bestsellers/electronics',
      'https://www.amazon.co.uk/stores/Tefal/page/80416AD6',
    ],
  },
  walmart: {
    examples: [
      'https://www.walmart.com/ip/Apple-AirPods-with-Charging-Case/604342441',
      'https://www.walmart.com/ip/604342441',
      'https://www.walmart.ca/en/ip/lego-star-wars/6000201786332',
    ],
    nonProduct: ['https://www.walmart.com/browse/electronics/3944', 'https://www.walmart.com/search?q=tv'],
  },
  target: {
    examples: ['https://www.target.com/p/lego-friends-set/-/A-54191097', 'https://www.target.com/p/-/A-54191097?preselect=54191100'],
    nonProduct: ['https://www.target.com/c/toys/-/N-5xtb0', 'https://www.target.com/s?searchTerm=lego'],
  },
  ebay: {
    examples: ['https://www.ebay.com/itm/302474151804', 'https://www.ebay.co.uk/itm/Vintage-Leather-Bag/143863282131?hash=item21'],
    nonProduct: ['https://www.ebay.com/sch/i.html?_nkw=lamp', 'https://www.ebay.com/b/Cameras/625/bn_1865546'],
  },
  etsy: {
    examples: ['https://www.etsy.com/listing/1234567890/handmade-mug', 'https://www.etsy.com/uk/listing/987654321'],
    nonProduct: ['https://www.etsy.com/c/home-and-living', 'https://www.etsy.com/shop/SomeShop'],
  },
  bestbuy: {
    examples: ['https://www.bestbuy.com/site/apple-airpods/6084400.p?skuId=6084400'],
    nonProduct: ['https://www.bestbuy.com/site/searchpage.jsp?st=tv', 'https://www.bestbuy.com/site/tvs/all-flat-screen-tvs/abcat0101001.c'],
  },
  'bestbuy-ca': {
    examples: ['https://www.bestbuy.ca/en-ca/product/google-nest-hello-doorbell/12222651'],
    nonProduct: ['https://www.bestbuy.ca/en-ca/category/tvs/21344', 'https://www.bestbuy.ca/en-ca/search?search=tv'],
  },
  ikea: {
    examples: ['https://www.ikea.com/gb/en/p/djungelskog-soft-toy-brown-bear-00402813/', 'https://www.ikea.com/us/en/p/vallentuna-module-s99277508/'],
    nonProduct: ['https://www.ikea.com/gb/en/cat/sofas-fu003/', 'https://www.ikea.com/gb/en/search/?q=bear'],
  },
  zara: {
    examples: ['https://www.zara.com/be/en/flat-boots-p11002710.html?v1=84518927&v2=1591216'],
    nonProduct: ['https://www.zara.com/be/en/woman-shoes-l1251.html', 'https://www.zara.com/be/en/search?searchTerm=boots'],
  },
  zalando: {
    examples: ['https://www.zalando.ie/tommy-hilfiger-crossover-bag-pink-to153i01e-j11.html'],
    nonProduct: ['https://www.zalando.ie/womens-clothing/', 'https://www.zalando.ie/catalogue/?q=bag'],
  },
  johnlewis: {
    examples: ['https://www.johnlewis.com/google-nest-mini/chalk/p4781720', 'https://www.johnlewis.com/norton-security/p1821267'],
    nonProduct: ['https://www.johnlewis.com/browse/electricals/speakers/_/N-5dgy', 'https://www.johnlewis.com/electricals/c500001'],
  },
  hm: {
    examples: ['https://www2.hm.com/en_gb/productpage.0970818001.html'],
    nonProduct: ['https://www2.hm.com/en_gb/ladies/shop-by-product/dresses.html'],
  },
  wayfair: {
    examples: ['https://www.wayfair.com/furniture/pdp/zipcode-design-sofa-w001234567.html?piid=123'],
    nonProduct: ['https://www.wayfair.com/furniture/sb0/sofas-c413892.html', 'https://www.wayfair.com/keyword.php?keyword=sofa'],
  },
  homedepot: {
    examples: ['https://www.homedepot.com/p/DEWALT-Drill-Kit/204279858'],
    nonProduct: ['https://www.homedepot.com/b/Tools/N-5yc1vZc1xy', 'https://www.homedepot.com/s/drill'],
  },
  lowes: {
    examples: ['https://www.lowes.com/pd/CRAFTSMAN-Hammer/1000595091'],
    nonProduct: ['https://www.lowes.com/pl/Hammers-Hand-tools/4294607800', 'https://www.lowes.com/search?searchTerm=hammer'],
  },
  costco: {
    examples: ['https://www.costco.com/kirkland-signature-coffee.product.100333390.html'],
    nonProduct: ['https://www.costco.com/coffee.html', 'https://www.costco.com/CatalogSearch?keyword=coffee'],
  },
  macys: {
    examples: ['https://www.macys.com/shop/product/levis-501-jeans?ID=2732495'],
    nonProduct: ['https://www.macys.com/shop/mens-clothing/mens-jeans?id=11221'],
  },
  nordstrom: {
    examples: ['https://www.nordstrom.com/s/nike-air-max-sneaker/5678901'],
    nonProduct: ['https://www.nordstrom.com/browse/women/shoes', 'https://www.nordstrom.com/sr?keyword=nike'],
  },
  otto: {
    examples: ['https://www.otto.de/p/kaercher-hochdruckreiniger-k-3-848068924/#variationId=836232854'],
    nonProduct: ['https://www.otto.de/haushalt/hochdruckreiniger/', 'https://www.otto.de/suche/kaercher/'],
  },
  aliexpress: {
    examples: ['https://www.aliexpress.com/item/1005004567890123.html', 'https://de.aliexpress.com/item/1005004567890123.html'],
    nonProduct: ['https://www.aliexpress.com/category/100003109/women-clothing.html', 'https://www.aliexpress.com/w/wholesale-lamp.html'],
  },
  newegg: {
    examples: ['https://www.newegg.com/corsair-32gb-ram/p/N82E16820236541'],
    nonProduct: ['https://www.newegg.com/Memory/Category/ID-17', 'https://www.newegg.com/p/pl?d=ram'],
  },
};
