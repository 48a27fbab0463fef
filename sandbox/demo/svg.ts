/**
 * Deterministic product "photos": a 600x600 SVG with the product colour as background, a simple shape for the
 * product type and the product's short name. No external resources (fonts are system fonts).
 */
import type { Shape } from './stores';
import { esc, luminance, shade } from './util';

const SHAPES: Record<Shape, string> = {
  bottle:
    '<rect x="250" y="175" width="100" height="235" rx="34"/><rect x="272" y="138" width="56" height="44" rx="8"/><rect x="264" y="112" width="72" height="30" rx="10"/>',
  jacket:
    '<path d="M240 140 L300 172 L360 140 L440 196 L414 262 L390 248 L390 412 L210 412 L210 248 L186 262 L160 196 Z"/><path d="M300 172 L300 412" stroke="%BG%" stroke-opacity="0.6" stroke-width="6" fill="none"/>',
  shirt:
    '<path d="M246 150 Q300 182 354 150 L430 196 L404 246 L382 234 L382 404 L218 404 L218 234 L196 246 L170 196 Z"/>',
  shoe: '<path d="M140 372 Q140 300 206 296 L290 296 Q318 238 362 238 L388 240 Q404 306 456 318 Q486 330 476 380 L140 380 Z"/><rect x="140" y="380" width="336" height="20" rx="8"/>',
  backpack:
    '<rect x="206" y="160" width="188" height="250" rx="46"/><rect x="236" y="288" width="128" height="90" rx="18" fill="%BG%" fill-opacity="0.55"/><path d="M262 162 Q262 118 300 118 Q338 118 338 162" stroke-width="14" fill="none"/>',
  tent: '<path d="M300 132 L478 404 L122 404 Z"/><path d="M300 232 L346 404 L254 404 Z" fill="%BG%" fill-opacity="0.55"/>',
  kettle:
    '<path d="M212 404 Q196 252 300 238 Q404 252 388 404 Z"/><path d="M212 330 L150 262 L172 254 L226 300 Z"/><path d="M246 238 Q246 162 300 162 Q354 162 354 238" stroke-width="16" fill="none"/><rect x="286" y="220" width="28" height="20" rx="6"/>',
  pan: '<circle cx="256" cy="300" r="112"/><circle cx="256" cy="300" r="86" fill="%BG%" fill-opacity="0.55"/><rect x="356" y="286" width="140" height="28" rx="14"/>',
  pot: '<rect x="186" y="236" width="228" height="168" rx="26"/><rect x="172" y="214" width="256" height="26" rx="12"/><rect x="282" y="188" width="36" height="26" rx="8"/><rect x="146" y="268" width="40" height="22" rx="10"/><rect x="414" y="268" width="40" height="22" rx="10"/>',
  knife:
    '<path d="M132 322 L396 262 Q424 262 424 290 L424 318 L132 330 Z"/><rect x="424" y="280" width="112" height="36" rx="14" fill-opacity="0.7"/>',
  board:
    '<rect x="158" y="188" width="284" height="220" rx="28"/><circle cx="408" cy="222" r="14" fill="%BG%" fill-opacity="0.6"/><rect x="186" y="216" width="228" height="164" rx="18" fill="%BG%" fill-opacity="0.3"/>',
  mug: '<rect x="196" y="206" width="168" height="196" rx="22"/><path d="M364 242 Q432 242 432 300 Q432 360 364 360" stroke-width="22" fill="none"/>',
  headphones:
    '<path d="M190 330 Q190 160 300 160 Q410 160 410 330" stroke-width="26" fill="none"/><rect x="160" y="300" width="70" height="110" rx="28"/><rect x="370" y="300" width="70" height="110" rx="28"/>',
  earbuds:
    '<circle cx="236" cy="262" r="52"/><rect x="222" y="288" width="28" height="110" rx="14"/><circle cx="364" cy="262" r="52"/><rect x="350" y="288" width="28" height="110" rx="14"/>',
  speaker:
    '<rect x="210" y="146" width="180" height="264" rx="40"/><circle cx="300" cy="322" r="56" fill="%BG%" fill-opacity="0.55"/><circle cx="300" cy="212" r="26" fill="%BG%" fill-opacity="0.55"/>',
  watch:
    '<rect x="262" y="116" width="76" height="324" rx="26" fill-opacity="0.7"/><rect x="224" y="200" width="152" height="156" rx="40"/><circle cx="300" cy="278" r="46" fill="%BG%" fill-opacity="0.5"/>',
  device:
    '<rect x="196" y="150" width="208" height="264" rx="30"/><rect x="218" y="176" width="164" height="196" rx="12" fill="%BG%" fill-opacity="0.5"/>',
  cable:
    '<path d="M150 380 Q230 140 300 290 Q370 440 450 200" stroke-width="16" fill="none"/><rect x="126" y="372" width="48" height="48" rx="10"/><rect x="426" y="172" width="48" height="48" rx="10"/>',
  keyboard:
    '<rect x="120" y="226" width="360" height="150" rx="22"/><g fill="%BG%" fill-opacity="0.5"><rect x="146" y="252" width="308" height="26" rx="6"/><rect x="146" y="290" width="308" height="26" rx="6"/><rect x="206" y="328" width="188" height="26" rx="6"/></g>',
  lamp: '<rect x="196" y="382" width="168" height="28" rx="12"/><path d="M280 384 L236 246 L360 170" stroke-width="16" fill="none"/><path d="M326 146 L424 170 L392 232 Z"/>',
  camera:
    '<rect x="170" y="206" width="260" height="184" rx="28"/><rect x="206" y="178" width="72" height="36" rx="10"/><circle cx="300" cy="298" r="62" fill="%BG%" fill-opacity="0.5"/><circle cx="300" cy="298" r="34"/>',
  textile:
    '<rect x="170" y="300" width="260" height="60" rx="16"/><rect x="182" y="246" width="236" height="58" rx="16" fill-opacity="0.75"/><rect x="194" y="194" width="212" height="56" rx="16" fill="%BG%" fill-opacity="0.55"/>',
  candle:
    '<rect x="232" y="236" width="136" height="172" rx="16"/><path d="M300 150 Q332 196 300 224 Q268 196 300 150 Z" fill="#f2c12e" stroke="#f2c12e"/>',
  hat: '<ellipse cx="300" cy="350" rx="176" ry="44"/><path d="M216 350 Q216 206 300 206 Q384 206 384 350 Z"/>',
};

/** Splits a short name into at most two lines of ~18 characters, adding an ellipsis when it is cut. */
function lines(name: string): string[] {
  const words = name.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && (current + ' ' + word).length > 18) {
      out.push(current);
      current = word;
      if (out.length === 2) break;
    } else current = current ? `${current} ${word}` : word;
  }
  if (out.length < 2 && current) out.push(current);
  else if (out.length === 2) out[1] = `${out[1]}…`;
  return out.slice(0, 2);
}

export interface SvgOptions {
  /** Background colour, "#rrggbb". */
  color: string;
  shape: Shape;
  /** Short product name shown under the shape. */
  name: string;
  /** A second view: lighter background, shape in the product colour. */
  alternate?: boolean;
}

export function productSvg({ color, shape, name, alternate = false }: SvgOptions): string {
  const background = alternate ? shade(color, 0.72) : color;
  const dark = luminance(background) > 0.4;
  const ink = alternate ? shade(color, -0.15) : dark ? shade(color, -0.45) : shade(color, 0.55);
  const text = dark ? '#1b1b1b' : '#ffffff';
  const halo = dark ? shade(background, -0.08) : shade(background, 0.1);
  const textLines = lines(name);
  const label = textLines
    .map((line, i) => `<text x="300" y="${textLines.length === 1 ? 506 : 488 + i * 42}">${esc(line)}</text>`)
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img">',
    `<title>${esc(name)}</title>`,
    `<rect width="600" height="600" fill="${background}"/>`,
    `<circle cx="300" cy="282" r="200" fill="${halo}"/>`,
    `<g fill="${ink}" stroke="${ink}" stroke-linecap="round" stroke-linejoin="round" stroke-width="0"${alternate ? ' transform="rotate(-8 300 290)"' : ''}>${(SHAPES[shape] ?? SHAPES.device).replaceAll('%BG%', background)}</g>`,
    `<g fill="${text}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="34" font-weight="600" text-anchor="middle">${label}</g>`,
    '</svg>',
  ].join('');
}
