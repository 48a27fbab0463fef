import { useState } from 'react';

export interface ProductImageProps {
  src: string | undefined;
  size: number;
  alt?: string;
  className?: string;
  lazy?: boolean;
}

/**
 * A product image, or its placeholder when there is none to show: no URL, or an image that failed
 * to load (a dead link, a malformed file), where the browser would otherwise draw its broken-image icon.
 */
export function ProductImage({ src, size, alt = '', className, lazy }: ProductImageProps) {
  const [failed, setFailed] = useState<string>();
  if (!src || failed === src) {
    return <span className={className ? `${className} img-placeholder` : 'img-placeholder'} aria-hidden="true" />;
  }
  return (
    <img
      className={className}
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading={lazy ? 'lazy' : undefined}
      decoding="async"
      referrerPolicy="no-referrer"
      onError={() => setFailed(src)}
    />
  );
}
