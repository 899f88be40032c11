using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using FeedbackService.Data;
using FeedbackService.Features.AccountMessages;
using FeedbackService.Features.Activities;
using FeedbackService.Features.Attendance;
using FeedbackService.Features.Audit;
using FeedbackService.Features.Deliveries;
using FeedbackService.Features.Fhir;
using FeedbackService.Features.Inbox;
using FeedbackService.Features.Moderation;
using FeedbackService.Features.Operations;
using FeedbackService.Features.Outcomes;
using FeedbackService.Features.People;
using FeedbackService.Features.Preferences;
using FeedbackService.Features.Referrals;
using FeedbackService.Features.Webhooks;

namespace FeedbackService;

/// <summary>Every Feedback route in one place.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/feedback").WithTags("Feedback");

        // Public: listings' moderated feedback, resident feedback, the person's one-time outcome link.
        api.MapGet("/activities/{serviceId:guid}", GetActivity.Endpoint);
        api.MapPost("/activities/{serviceId:guid}/feedback", SubmitFeedback.Endpoint).RequireRateLimiting(ClientRateLimits.Submissions);
        api.MapPost("/outcome-links/{token}", SubmitOutcomeByLink.Endpoint);
        // The listing's organisation replies once to published feedback; its history for the organisation and curators.
        api.MapPost("/activities/{serviceId:guid}/feedback/{id:guid}/reply", ReplyToFeedback.Endpoint).RequireAuthorization(Roles.Provider);
        api.MapGet("/activities/{serviceId:guid}/history", GetFeedbackHistory.Endpoint).RequireAuthorization();

        // A referral's attendance and outcomes: provider staff write; the summary also to a consenting referrer.
        var referrals = api.MapGroup("/referrals/{referralId:guid}").RequireAuthorization();
        referrals.MapPost("/attendance", RecordAttendance.Endpoint).RequireAuthorization(Roles.Provider);
        referrals.MapGet("/attendance", GetAttendance.Endpoint);
        referrals.MapPost("/outcomes", RecordOutcome.Endpoint).RequireAuthorization(Roles.Provider);
        referrals.MapPost("/outcome-links", CreateOutcomeLink.Endpoint).RequireAuthorization(Roles.Provider);
        referrals.MapPut("/first-session", ScheduleFirstSession.Endpoint).RequireAuthorization(Roles.Provider);
        referrals.MapGet("/summary", GetReferralSummary.Endpoint);

        var moderation = api.MapGroup("/moderation").RequireAuthorization(Roles.Curator);
        moderation.MapGet("", GetModerationQueue.Endpoint);
        moderation.MapPost("/{id:guid}/approve", ModerateFeedback.Approve);
        moderation.MapPost("/{id:guid}/reject", ModerateFeedback.Reject);

        api.MapGet("/inbox", GetInbox.Endpoint).RequireAuthorization();
        api.MapGet("/inbox/stream", StreamInbox.Endpoint).RequireAuthorization();
        api.MapPost("/inbox/{id:guid}/read", MarkRead.Endpoint).RequireAuthorization();
        api.MapGet("/preferences", GetPreferences.Endpoint).RequireAuthorization();
        api.MapPut("/preferences", UpdatePreferences.Endpoint).RequireAuthorization();

        var webhooks = api.MapGroup("/webhooks").RequireAuthorization(p => p.RequireRole(Roles.Practitioner, Roles.Admin));
        webhooks.MapPost("", CreateWebhook.Endpoint);
        webhooks.MapGet("", ListWebhooks.Endpoint);

        // Feedback's part of a person's request for their data (erasure arrives as ReferralAnonymised).
        api.MapPost("/people/export", ExportPersonData.Endpoint).RequireAuthorization(Roles.Curator);

        api.MapGet("/deliveries", GetDeliveries.Endpoint).RequireAuthorization(Roles.Admin);
        api.MapPost("/deliveries/{id:guid}/resolve", ResolveUnconfirmed.Endpoint).RequireAuthorization(Roles.Admin);
        api.MapGet("/audit", GetAuditLog.Endpoint).RequireAuthorization(Roles.Admin);

        // Operators (docs/OPERATIONS.md): Feedback's part of a referral's trail, and this service's error queues.
        api.MapGet("/operations/trail/{referralId:guid}", GetReferralTrail.Endpoint).RequireAuthorization(Roles.Admin);
        api.MapErrorQueueOperations<FeedbackDb>(FeedbackModule.ServiceName);

        // FHIR R4 (docs/FHIR.md): a referral's attendance (Encounter) and outcome measures (Observation) for a clinical
        // system, under the same party and consent rules; and Subscriptions on Task, delivered by the signed webhooks.
        var fhir = endpoints.MapGroup("/fhir").WithTags("FHIR").AddEndpointFilter(FhirHttp.Outcomes).RequireAuthorization();
        fhir.MapGet("/Encounter/{id}", ReadOutcomeResources.ReadEncounter);
        fhir.MapGet("/Encounter", ReadOutcomeResources.SearchEncounters);
        fhir.MapGet("/Observation/{id}", ReadOutcomeResources.ReadObservation);
        fhir.MapGet("/Observation", ReadOutcomeResources.SearchObservations);
        var subscriptions = fhir.MapGroup("/Subscription").RequireAuthorization(p => p.RequireRole(Roles.Practitioner, Roles.Provider));
        subscriptions.MapPost("", CreateTaskSubscription.Endpoint);
        subscriptions.MapGet("/{id}", ManageTaskSubscription.ReadEndpoint);
        subscriptions.MapDelete("/{id}", ManageTaskSubscription.DeleteEndpoint);

        // Account mail: only the portal's service principal, never a person.
        api.MapPost("/account-messages", SendAccountMessage.Endpoint).RequireAuthorization(Roles.Service);
        api.MapGet("/mail-drop", GetMailDrop.Endpoint).RequireAuthorization(Roles.Service);
        // What a signed-in user was sent, and what the people they referred were sent, while a drop keeps it.
        api.MapGet("/mail-drop/mine", GetMyMailDrop.Endpoint).RequireAuthorization();
        return endpoints;
    }
}
