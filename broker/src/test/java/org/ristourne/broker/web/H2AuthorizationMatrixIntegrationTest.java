package org.ristourne.broker.web;

import org.ristourne.support.OnH2;

@OnH2
class H2AuthorizationMatrixIntegrationTest extends AuthorizationMatrixIntegrationTest {
}
