/**
 * The three demo stores' looks. Each theme imitates a different kind of storefront markup (a Shopify-like theme, a
 * WooCommerce-like theme, a Magento-like theme) so detectors see realistic variety: different class names, price
 * formats, breadcrumb structures, button markup and placement of structured data.
 */
import type { ProductView, VariantView } from '../../lib/octogen/schemas';
import type { PageKind } from './catalog';
import type { StoreSpec, ThemeKey } from './stores';
import { esc, formatMoney } from './util';

/** Everything a theme needs to draw a product page. */
export interface ProductModel {
  p: ProductView;
  store: StoreSpec;
  base: string;
  kind: PageKind;
  /** Microdata attributes are emitted (page kind 'microdata'). */
  md: boolean;
  selected: VariantView | undefined;
  sku: string;
  inStock: boolean;
  /** Extra HTML placed at the end of the product block (JSON-LD for some themes). */
  trailer: string;
}

export interface Theme {
  lang: string;
  titleSep: string;
  css: string;
  /** Where JSON-LD goes on product pages. */
  ldInHead: boolean;
  header(store: StoreSpec, base: string): string;
  footer(store: StoreSpec): string;
  product(m: ProductModel): string;
  card(p: ProductView, href: string): string;
}

const ip = (on: boolean, name: string) => (on ? ` itemprop="${name}"` : '');
const SCHEMA = 'https://schema.org/';

export function priceText(p: ProductView, amount: number | null | undefined): string {
  return amount == null ? '' : formatMoney(amount, p.currency ?? 'USD');
}

function variantLabel(v: VariantView): string {
  return [v.color?.label, v.size].filter(Boolean).join(' / ');
}

function variantLinks(m: ProductModel, linkClass: string): string {
  return m.p.variants
    .map((v) => {
      const current = m.selected?.sku === v.sku;
      const classes = [linkClass, v.inStock ? '' : 'is-soldout'].filter(Boolean).join(' ');
      return `<a class="${classes}" href="${esc(v.productUrl)}" data-sku="${esc(v.sku)}"${current ? ' aria-current="true"' : ''}>${esc(variantLabel(v))}${v.inStock ? '' : ' <small>(sold out)</small>'}</a>`;
    })
    .join('\n');
}

/** Microdata pieces that are not visible text: brand, sku, gtin13 and the Offer. */
function microdataMeta(m: ProductModel, brandStyle: 'nested' | 'meta'): string {
  if (!m.md) return '';
  const { p } = m;
  const brand =
    brandStyle === 'nested'
      ? `<div itemprop="brand" itemscope itemtype="${SCHEMA}Brand"><meta itemprop="name" content="${esc(p.brand?.name)}"></div>`
      : `<meta itemprop="brand" content="${esc(p.brand?.name)}">`;
  return [
    brand,
    `<meta itemprop="sku" content="${esc(m.sku)}">`,
    p.identifiers?.gtin ? `<meta itemprop="gtin13" content="${esc(p.identifiers.gtin)}">` : '',
    `<div itemprop="offers" itemscope itemtype="${SCHEMA}Offer">`,
    `<meta itemprop="price" content="${(p.currentPrice ?? 0).toFixed(2)}">`,
    `<meta itemprop="priceCurrency" content="${esc(p.currency)}">`,
    `<link itemprop="availability" href="${SCHEMA}${m.inStock ? 'InStock' : 'OutOfStock'}">`,
    `<link itemprop="url" href="${esc(m.selected?.productUrl ?? p.productUrl)}">`,
    '</div>',
  ].join('');
}

const img = (m: ProductModel, cls: string) =>
  `<img class="${cls}" src="${esc(m.p.primaryImage?.url)}" alt="${esc(m.p.title)}" width="600" height="600"${ip(m.md, 'image')}>`;

const button = (m: ProductModel, cls: string, tag: 'button' | 'input' = 'button') =>
  tag === 'input'
    ? `<input type="submit" class="${cls}" value="Add to cart"${m.inStock ? '' : ' disabled'}>`
    : `<button type="submit" class="${cls}" name="add"${m.inStock ? '' : ' disabled'}>Add to cart</button>`;

// ---------------------------------------------------------------------------------------------------------------
// Trailhead & Tide: a Shopify-like theme.
// ---------------------------------------------------------------------------------------------------------------

const trailhead: Theme = {
  lang: 'en-US',
  titleSep: ' – ',
  ldInHead: false,
  css: `body{margin:0;font-family:"Trebuchet MS",system-ui,sans-serif;background:#f6f4ee;color:#1f2a22}
a{color:#2f5d3a}.announcement-bar{background:#2f5d3a;color:#fff;text-align:center;padding:6px;font-size:13px}
.site-header{display:flex;gap:24px;align-items:center;padding:16px 32px;border-bottom:1px solid #d9d3c3;background:#fff}
.site-header__logo{font-weight:700;font-size:22px;color:#2f5d3a;text-decoration:none;margin-right:auto}
.site-nav a{margin:0 8px;text-decoration:none}.product{display:grid;grid-template-columns:1fr 1fr;gap:40px;padding:32px;max-width:1100px;margin:auto}
.product__media img{width:100%;height:auto;border-radius:14px}.breadcrumbs ol{list-style:none;padding:0;display:flex;gap:6px;font-size:13px}
.breadcrumbs li+li:before{content:"›";margin-right:6px}.product__vendor{text-transform:uppercase;letter-spacing:.1em;font-size:12px}
.price{font-size:24px;margin:12px 0}.price-item--sale{color:#b4532a;font-weight:700}.price-item--regular{color:#777;font-size:16px;margin-left:8px}
.variant-picker{border:0;padding:0;margin:16px 0}.variant-picker a{display:inline-block;border:1px solid #2f5d3a;border-radius:20px;padding:4px 12px;margin:3px;text-decoration:none}
.variant-picker a[aria-current]{background:#2f5d3a;color:#fff}.is-soldout{opacity:.55}
.button{background:#2f5d3a;color:#fff;border:0;padding:14px 28px;font-size:16px;border-radius:28px}.button[disabled]{background:#9a9a9a}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px;padding:32px;list-style:none}.card img{width:100%;height:auto;border-radius:10px}
.site-footer{padding:24px 32px;font-size:13px;color:#555;border-top:1px solid #d9d3c3}main{min-height:60vh}
.listing{max-width:1100px;margin:auto;padding:8px 32px}.collection-list ul{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0}.card__heading{font-size:16px}`,
  header: (store, base) =>
    `<div class="announcement-bar">Free shipping on orders over $75</div><header class="site-header"><a class="site-header__logo" href="${esc(base)}/">${esc(store.name)}</a><nav class="site-nav"><a href="${esc(base)}/collections/clothing">Clothing</a><a href="${esc(base)}/collections/footwear">Footwear</a><a href="${esc(base)}/collections/camp-and-hike">Camp &amp; Hike</a></nav><form action="${esc(base)}/search" role="search"><input type="search" name="q" placeholder="Search" aria-label="Search"></form><a href="${esc(base)}/cart">Cart (0)</a></header>`,
  footer: (store) => `<footer class="site-footer">© 2026 ${esc(store.name)}. A demo store served by the Octolens sandbox.</footer>`,
  product: (m) => {
    const { p } = m;
    return `<main id="MainContent"><section class="product"${m.md ? ` itemscope itemtype="${SCHEMA}Product"` : ''}>
<div class="product__media">${img(m, 'product__image')}</div>
<div class="product__info">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${p.breadcrumbs.map((b) => `<li><a href="${esc(b.url)}">${esc(b.name)}</a></li>`).join('')}<li aria-current="page">${esc(p.title)}</li></ol></nav>
<p class="product__vendor">${esc(p.brand?.name)}</p>
<h1 class="product__title"${ip(m.md, 'name')}>${esc(p.title)}</h1>
<div class="price${p.originalPrice ? ' price--on-sale' : ''}"><span class="price-item price-item--sale">${esc(priceText(p, p.currentPrice))}</span>${p.originalPrice ? `<s class="price-item price-item--regular">${esc(priceText(p, p.originalPrice))}</s>` : ''}</div>
<form method="post" action="${esc(m.base)}/cart/add" class="product-form">
${p.variants.length ? `<fieldset class="variant-picker"><legend>Options</legend>${variantLinks(m, 'variant-picker__option')}</fieldset>` : ''}
<p class="product__inventory">${m.inStock ? 'In stock, ready to ship' : 'Sold out'}</p>
${button(m, 'button product-form__submit')}
</form>
<div class="product__description rte"${ip(m.md, 'description')}><p>${esc(p.description)}</p></div>
${microdataMeta(m, 'nested')}
</div></section>${m.trailer}</main>`;
  },
  card: (p, href) =>
    `<li class="card"><a href="${esc(href)}"><img src="${esc(p.primaryImage?.url)}" alt="" width="300" height="300" loading="lazy"><h3 class="card__heading">${esc(p.title)}</h3></a><span class="price">${esc(priceText(p, p.currentPrice))}</span></li>`,
};

// ---------------------------------------------------------------------------------------------------------------
// Hearth & Ladle: a WooCommerce-like theme (EUR, "49,90 €", JSON-LD in <head>).
// ---------------------------------------------------------------------------------------------------------------

const wooPrice = (p: ProductView, amount: number | null | undefined) => {
  const [number = ''] = priceText(p, amount).split(' ');
  return `<span class="woocommerce-Price-amount amount"><bdi>${esc(number)}&nbsp;<span class="woocommerce-Price-currencySymbol">€</span></bdi></span>`;
};

const hearth: Theme = {
  lang: 'en',
  titleSep: ' | ',
  ldInHead: true,
  css: `body{margin:0;font-family:Georgia,"Times New Roman",serif;background:#fffaf3;color:#3b2f2a}
a{color:#a34a28}#masthead{padding:24px 40px;background:#f2e6d6;display:flex;justify-content:space-between;align-items:flex-end}
.site-title{font-size:28px;margin:0}.site-title a{text-decoration:none;color:#3b2f2a}.site-description{margin:4px 0 0;font-style:italic}
.main-navigation ul{list-style:none;display:flex;gap:18px;margin:0;padding:0}#primary{max-width:1040px;margin:auto;padding:24px 40px}
.woocommerce-breadcrumb{font-size:13px;margin-bottom:18px}.product.type-product{display:flex;gap:36px;flex-wrap:wrap}
.woocommerce-product-gallery{flex:1 1 380px}.woocommerce-product-gallery img{width:100%;height:auto;border:8px solid #fff;box-shadow:0 2px 8px #0002}
.summary{flex:1 1 380px}.product_title{font-size:34px;font-weight:400;margin:0 0 10px}.price{font-size:22px;color:#a34a28}.price del{color:#999;margin-right:10px}
.variations{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px}.variations a{border:1px solid #c9b9a4;padding:4px 10px;text-decoration:none;background:#fff}
.variations a[aria-current]{border-color:#a34a28;outline:2px solid #a34a28}.is-soldout{color:#aaa}
.single_add_to_cart_button{background:#a34a28;color:#fff;border:0;padding:12px 26px;font-size:15px;text-transform:uppercase;letter-spacing:.08em}
.single_add_to_cart_button[disabled]{opacity:.5}.stock.out-of-stock{color:#b00}.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:24px;list-style:none;padding:0}
.products img{width:100%;height:auto}#colophon{padding:30px 40px;background:#3b2f2a;color:#f2e6d6;font-size:13px}
.listing{max-width:1040px;margin:auto;padding:16px 40px}.collection-list ul{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0}.woocommerce-loop-product__title{font-size:18px;font-weight:400}.products a{text-decoration:none}`,
  header: (store, base) =>
    `<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="${esc(base)}/" rel="home">${esc(store.name)}</a></p><p class="site-description">${esc(store.tagline)}</p></div><nav class="main-navigation" aria-label="Primary"><ul><li><a href="${esc(base)}/collections/kitchen">Kitchen</a></li><li><a href="${esc(base)}/collections/home-and-living">Home &amp; Living</a></li><li><a href="${esc(base)}/search?q=">Search</a></li><li><a href="${esc(base)}/cart">Basket</a></li></ul></nav></header>`,
  footer: (store) => `<footer id="colophon"><p>${esc(store.name)} · Demo shop for the Octolens sandbox · Prices include VAT</p></footer>`,
  product: (m) => {
    const { p } = m;
    const crumbs = p.breadcrumbs.map((b) => `<a href="${esc(b.url)}">${esc(b.name)}</a>`).join('&nbsp;/&nbsp;');
    return `<div id="primary" class="content-area"><main id="main" class="site-main">
<nav class="woocommerce-breadcrumb" aria-label="Breadcrumb">${crumbs}&nbsp;/&nbsp;${esc(p.title)}</nav>
<div id="product-${esc(p.identifiers?.productId)}" class="product type-product${m.inStock ? ' instock' : ' outofstock'}${p.originalPrice ? ' sale' : ''}"${m.md ? ` itemscope itemtype="${SCHEMA}Product"` : ''}>
<div class="woocommerce-product-gallery">${img(m, 'wp-post-image')}</div>
<div class="summary entry-summary">
<h1 class="product_title entry-title"${ip(m.md, 'name')}>${esc(p.title)}</h1>
<p class="price">${p.originalPrice ? `<del aria-hidden="true">${wooPrice(p, p.originalPrice)}</del> <ins>${wooPrice(p, p.currentPrice)}</ins>` : wooPrice(p, p.currentPrice)}</p>
<div class="woocommerce-product-details__short-description"${ip(m.md, 'description')}><p>${esc(p.description)}</p></div>
<p class="stock ${m.inStock ? 'in-stock' : 'out-of-stock'}">${m.inStock ? 'In stock' : 'Out of stock'}</p>
<form class="cart" method="post" action="${esc(m.base)}/cart">
${p.variants.length ? `<ul class="variations">${variantLinks(m, 'variation-link')
      .split('\n')
      .map((a) => `<li>${a}</li>`)
      .join('')}</ul>` : ''}
${button(m, 'single_add_to_cart_button button alt')}
</form>
<div class="product_meta"><span class="sku_wrapper">SKU: <span class="sku">${esc(m.sku)}</span></span> <span class="posted_in">Brand: ${esc(p.brand?.name)}</span></div>
${microdataMeta(m, 'meta')}
</div></div>${m.trailer}</main></div>`;
  },
  card: (p, href) =>
    `<li class="product"><a href="${esc(href)}" class="woocommerce-LoopProduct-link"><img src="${esc(p.primaryImage?.url)}" alt="" width="300" height="300"><h2 class="woocommerce-loop-product__title">${esc(p.title)}</h2><span class="price">${wooPrice(p, p.currentPrice)}</span></a></li>`,
};

// ---------------------------------------------------------------------------------------------------------------
// Voltage Lane: a Magento-like theme (GBP, "£129.99", "Was/Now" prices, image after the info column).
// ---------------------------------------------------------------------------------------------------------------

const voltage: Theme = {
  lang: 'en-GB',
  titleSep: ' :: ',
  ldInHead: false,
  css: `body{margin:0;font-family:system-ui,"Segoe UI",Roboto,sans-serif;background:#0f1218;color:#e8ecf3}
a{color:#7cc4ff}.page-header{background:#161b24;border-bottom:2px solid #7cc4ff;padding:14px 28px;display:flex;align-items:center;gap:20px}
.logo{font-size:22px;font-weight:800;letter-spacing:.04em;color:#fff;text-decoration:none;margin-right:auto}.logo span{color:#7cc4ff}
.block-search input{background:#0f1218;border:1px solid #334;color:#fff;padding:8px 12px;border-radius:6px}
.breadcrumbs .items{list-style:none;display:flex;gap:4px;padding:0 28px;font-size:12px;color:#9aa}
.breadcrumbs .item:not(:last-child):after{content:"/";margin-left:4px}.columns{display:flex;flex-direction:row-reverse;gap:32px;padding:12px 28px;flex-wrap:wrap}
.product-info-main{flex:1 1 360px}.product.media{flex:1 1 360px}.product.media img{width:100%;height:auto;border-radius:4px}
.page-title{font-size:30px;margin:0 0 12px}.price-box .price{font-size:28px;font-weight:700;color:#fff}.old-price{color:#f27d6b;margin-left:12px}
.stock.available{color:#6fdc8c}.stock.unavailable{color:#f27d6b}.swatch-attribute{display:flex;flex-wrap:wrap;gap:6px;margin:14px 0}
.swatch-option{padding:6px 10px;border:1px solid #445;border-radius:4px;text-decoration:none}.swatch-option[aria-current]{border-color:#7cc4ff;background:#1d2a3a}
.is-soldout{opacity:.5}.action.tocart{background:#7cc4ff;color:#0f1218;font-weight:700;border:0;padding:14px 30px;border-radius:4px;font-size:16px}
.action.tocart[disabled]{background:#556}.products-grid ul{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:18px;list-style:none;padding:0 28px}
.product-item img{width:100%;height:auto}.page-footer{padding:24px 28px;color:#889;font-size:12px}
.listing h1,.listing>p,.listing nav,.listing form{padding:0 28px}.collection-list ul{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0}.product.attribute.description{margin-top:18px;color:#c5ccd8}.product-item-name{display:block;margin:6px 0}`,
  header: (store, base) =>
    `<header class="page-header"><a class="logo" href="${esc(base)}/" title="${esc(store.name)}">${esc(store.name.split(' ')[0])} <span>${esc(store.name.split(' ').slice(1).join(' '))}</span></a><form class="block-search" action="${esc(base)}/search" method="get"><label for="search" class="sr-only" hidden>Search</label><input id="search" type="text" name="q" placeholder="Search entire store here..."></form><a class="showcart" href="${esc(base)}/checkout/cart">Basket</a></header>`,
  footer: (store) => `<footer class="page-footer"><small>Copyright © 2026 ${esc(store.name)} Ltd. Demo store. Prices include VAT.</small></footer>`,
  product: (m) => {
    const { p } = m;
    return `<main id="maincontent" class="page-main">
<div class="breadcrumbs"><ul class="items">${p.breadcrumbs.map((b) => `<li class="item"><a href="${esc(b.url)}">${esc(b.name)}</a></li>`).join('')}<li class="item product"><strong>${esc(p.title)}</strong></li></ul></div>
<div class="columns"${m.md ? ` itemscope itemtype="${SCHEMA}Product"` : ''}>
<div class="product-info-main">
<div class="page-title-wrapper product"><h1 class="page-title"><span class="base" data-ui-id="page-title-wrapper"${ip(m.md, 'name')}>${esc(p.title)}</span></h1></div>
<div class="product-brand">By <strong>${esc(p.brand?.name)}</strong></div>
<div class="price-box price-final_price" data-role="priceBox" data-product-id="${esc(p.identifiers?.productId)}">${p.originalPrice ? `<span class="special-price"><span class="price-label">Now</span> <span class="price">${esc(priceText(p, p.currentPrice))}</span></span><span class="old-price"><span class="price-label">Was</span> <span class="price">${esc(priceText(p, p.originalPrice))}</span></span>` : `<span class="price">${esc(priceText(p, p.currentPrice))}</span>`}</div>
<div class="product-info-stock-sku"><div class="stock ${m.inStock ? 'available' : 'unavailable'}"><span>${m.inStock ? 'In stock' : 'Out of stock'}</span></div><div class="product attribute sku"><strong class="type">SKU</strong> <div class="value">${esc(m.sku)}</div></div></div>
${p.variants.length ? `<div class="swatch-attribute" role="listbox" aria-label="Options">${variantLinks(m, 'swatch-option')}</div>` : ''}
<form id="product_addtocart_form" method="post" action="${esc(m.base)}/checkout/cart/add">${button(m, 'action primary tocart', 'input')}</form>
<div class="product attribute description"><div class="value"${ip(m.md, 'description')}>${esc(p.description)}</div></div>
${microdataMeta(m, 'meta')}
</div>
<div class="product media">${img(m, 'gallery-placeholder__image')}</div>
</div>${m.trailer}</main>`;
  },
  card: (p, href) =>
    `<li class="product-item"><div class="product-item-info"><a href="${esc(href)}" class="product-item-photo"><img src="${esc(p.primaryImage?.url)}" alt="${esc(p.title)}" width="240" height="240"></a><strong class="product-item-name"><a class="product-item-link" href="${esc(href)}">${esc(p.title)}</a></strong><span class="price">${esc(priceText(p, p.currentPrice))}</span></div></li>`,
};

export const THEMES: Record<ThemeKey, Theme> = { trailhead, hearth, voltage };
