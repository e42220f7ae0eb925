import type { CheckResult, CreateVerificationBody, VerificationView } from '../schemas/verification-schemas.js';
import { VerificationService, type Caller, type ServiceDeps } from '../verification/verification-service.js';
import type { AppMetrics } from './app-metrics.js';

/** The verification service, counting created verifications and check results for /metrics. */
export class MeteredVerificationService extends VerificationService {
  constructor(
    deps: ServiceDeps,
    private readonly metrics: AppMetrics,
  ) {
    super(deps);
  }

  override async create(caller: Caller, body: CreateVerificationBody): Promise<VerificationView> {
    const view = await super.create(caller, body);
    this.metrics.verificationsCreated.inc({ country: view.country, route_class: view.routeClass });
    return view;
  }

  override check(tenantId: string, id: string, code: unknown): CheckResult {
    const result = super.check(tenantId, id, code);
    this.metrics.checks.inc({ result: result.status });
    return result;
  }
}
