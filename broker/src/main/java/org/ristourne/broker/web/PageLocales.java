package org.ristourne.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * English or French: the browser's first choice of the two (Accept-Language), English otherwise, until the person
 * picks one with {@code ?lang=fr} or {@code ?lang=en}, which a cookie then keeps. Any other value changes nothing.
 */
@Configuration(proxyBeanMethods = false)
public class PageLocales implements WebMvcConfigurer {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH);
    static final String COOKIE = "ristourne-lang";
    static final String PARAMETER = "lang";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(PageLocales::fromBrowser);
        return resolver;
    }

    static Locale fromBrowser(HttpServletRequest request) {
        for (Locale wanted : Collections.list(request.getLocales())) {
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(wanted.getLanguage())) {
                    return supported;
                }
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String wanted = request.getParameter(PARAMETER);
                if (wanted != null) {
                    SUPPORTED.stream().filter(locale -> locale.getLanguage().equals(wanted)).findFirst()
                            .ifPresent(locale -> localeResolver().setLocale(request, response, locale));
                }
                return true;
            }
        }).excludePathPatterns("/webhooks/**", "/operator/**", "/actuator/**");
    }
}
