/**
 * What every page shares: who may open what (WebSecurity), the language (PageLocales), how money and dates are
 * written (PageFormats), the layout, and the public landing page.
 */
@NullMarked
package org.ristourne.broker.web;

import org.jspecify.annotations.NullMarked;
