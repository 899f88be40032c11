using BuildingBlocks.Fhir;
using FeedbackService.Domain;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FeedbackService.Notifications;

/// <summary>
/// What a FHIR Subscription's receiver is POSTed (docs/FHIR.md), signed like every webhook: R4's empty notification
/// (no body: the client runs its criteria search again), or, when it asked for id-only, a history Bundle naming the
/// Task that changed by its full URL and nothing else. Neither carries anything about the person. The handshake that
/// activates a subscription is always empty.
/// </summary>
public static class FhirNotification
{
    public static (string Body, string ContentType) Body(TaskSubscription subscription, OutgoingMessage message)
    {
        if (subscription.PayloadContent != TaskSubscription.IdOnlyPayload || message.Template != TaskSubscription.TaskChangedTemplate
            || message.ReferralId is not { } taskId)
            return ("", FhirHttp.JsonType);
        var bundle = new Bundle
        {
            Id = message.Id.ToString(),
            Type = Bundle.BundleType.History,
            Timestamp = message.CreatedAt,
            Meta = new Meta { LastUpdated = message.CreatedAt },
        };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"{subscription.TaskBaseUrl.TrimEnd('/')}/Task/{taskId}",
            // R4 wants a request on every history entry, and the resource with a PUT: GET names the Task without it.
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Task/{taskId}" },
            Response = new Bundle.ResponseComponent { Status = "200", Location = $"Task/{taskId}", LastModified = message.CreatedAt },
        });
        return (new FhirJsonSerializer().SerializeToString(bundle), FhirHttp.JsonType);
    }
}
