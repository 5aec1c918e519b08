/** Small string helpers shared by the doors and the model layer. */

/**
 * `url` without trailing slashes. A loop, not `replace(/\/+$/, '')`: that regex retries from every
 * slash of a long run and takes time quadratic in it, and the HTTP server applies this to the Host header.
 */
export function trimTrailingSlashes(url: string): string {
  let end = url.length
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--
  return end === url.length ? url : url.slice(0, end)
}
