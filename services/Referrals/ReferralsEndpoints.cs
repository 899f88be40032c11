using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using BuildingBlocks.Fhir;
using BuildingBlocks.Messaging;
using ReferralsService.Data;
using ReferralsService.Features.Audit;
using ReferralsService.Features.Fhir;
using ReferralsService.Features.Messages;
using ReferralsService.Features.Operations;
using ReferralsService.Features.People;
using ReferralsService.Features.Queries;
using ReferralsService.Features.ReferrableServices;
using ReferralsService.Features.Referrals;
using ReferralsService.Features.Settings;
using ReferralsService.Features.Transitions;

namespace ReferralsService;

/// <summary>Every Referrals route in one place. Per-referral rights (referrer, team, provider) are checked in the handlers.</summary>
public static class ReferralsEndpoints
{
    public static IEndpointRouteBuilder MapReferralsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/referrals").WithTags("Referrals").RequireAuthorization()
            .AddEndpointFilter(ServiceTelemetry.TagReferralRoute);

        api.MapGet("/referrable-services/{serviceId:guid}", GetReferrableService.Endpoint);

        api.MapPost("/", CreateReferral.Endpoint).RequireAuthorization(Roles.Practitioner);
        api.MapPost("/self", SelfRefer.Endpoint).RequireAuthorization(Roles.Resident);
        api.MapGet("/", ListReferrals.Endpoint).RequireAuthorization(Roles.Practitioner);
        api.MapGet("/incoming", IncomingReferrals.Endpoint).RequireAuthorization(Roles.Provider);
        api.MapGet("/stats", ReferralStats.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/audit", GetAuditLog.Endpoint).RequireAuthorization(Roles.Admin);
        api.MapGet("/settings/retention", RetentionSettings.Get).RequireAuthorization(Roles.Admin);
        api.MapPut("/settings/retention", RetentionSettings.Put).RequireAuthorization(Roles.Admin);
        api.MapGet("/{id:guid}", GetReferral.Endpoint);

        // Operators (docs/OPERATIONS.md): a referral's trail across the services, and this service's error queues.
        api.MapGet("/operations/trail/{id:guid}", GetReferralTrail.Endpoint).RequireAuthorization(Roles.Admin);
        api.MapErrorQueueOperations<ReferralsDb>(ReferralsModule.ServiceName);

        // A person's requests about their data, handled by hub staff: export (subject access) and erasure.
        api.MapPost("/people/export", ExportPersonData.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/people/erase", ErasePersonData.Endpoint).RequireAuthorization(Roles.Curator);

        api.MapPost("/{id:guid}/consent", RecordConsent.Endpoint);
        api.MapPost("/{id:guid}/request", ChangeStatus.Request);
        api.MapPost("/{id:guid}/accept", ChangeStatus.Accept);
        api.MapPost("/{id:guid}/reject", ChangeStatus.Reject);
        api.MapPost("/{id:guid}/start", ChangeStatus.Start);
        api.MapPost("/{id:guid}/hold", ChangeStatus.Hold);
        api.MapPost("/{id:guid}/complete", ChangeStatus.Complete);
        api.MapPost("/{id:guid}/fail", ChangeStatus.Fail);
        api.MapPost("/{id:guid}/cancel", ChangeStatus.Cancel);
        api.MapPost("/{id:guid}/entered-in-error", ChangeStatus.EnteredInError);

        api.MapGet("/{id:guid}/messages", ReferralMessages.List);
        api.MapPost("/{id:guid}/messages", ReferralMessages.Create);

        // FHIR R4 (docs/FHIR.md): the same referrals, rules and rights for clinical systems. Failures are OperationOutcomes.
        var fhir = endpoints.MapGroup("/fhir").WithTags("FHIR").AddEndpointFilter(FhirHttp.Outcomes);
        fhir.MapGet("/metadata", Capability.Endpoint).AllowAnonymous();
        fhir.MapPost("/", PostReferralBundle.Endpoint).RequireAuthorization(Roles.Practitioner);
        fhir.MapGet("/Task/{id}", GetTask.Endpoint).RequireAuthorization();
        fhir.MapGet("/Task", SearchTasks.Endpoint).RequireAuthorization();
        return endpoints;
    }
}
