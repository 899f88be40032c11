using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Mediator;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Fhir;

/// <summary>
/// POST /fhir/Subscription: a clinical system asks to be told when referral Tasks change (R4 Subscription, rest-hook,
/// criteria on Task; docs/FHIR.md). It becomes a receiver of the existing signed-webhook channel (outbox, signature,
/// retries: <see cref="WebhookChannel"/>), starts <c>requested</c>, and is sent an empty handshake at once, whose
/// delivery makes it <c>active</c> (or <c>error</c>, when the endpoint refuses for good). The secret that signs its
/// notifications comes in the channel's <c>subscription-secret</c> extension and is never shown again.
/// </summary>
public static class CreateTaskSubscription
{
    public static readonly string SecretExtension = FhirHttp.Extension("subscription-secret");
    /// <summary>The Subscriptions backport IG's payload-content extension (on channel.payload): empty or id-only.</summary>
    public const string PayloadContentExtension = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    public sealed record Command(string? Status, string? Reason, string? Criteria, string? ChannelType, string? Endpoint,
        string? Payload, string? PayloadContent, int Headers, string? Secret, DateTimeOffset? End, string TaskBaseUrl)
        : ICommand<Subscription>
    {
        /// <summary>Reads the posted Subscription's elements; what they mean is judged by the validator and the handler.</summary>
        public static Command From(Subscription s, string taskBaseUrl) => new(
            s.Status?.GetLiteral(), s.Reason, s.Criteria, s.Channel?.Type?.GetLiteral(),
            s.Channel?.Endpoint, s.Channel?.Payload,
            s.Channel?.PayloadElement?.GetExtensionValue<Code>(PayloadContentExtension)?.Value,
            s.Channel?.Header.Count() ?? 0,
            s.Channel?.GetExtensionValue<FhirString>(SecretExtension)?.Value,
            s.EndElement?.Value, taskBaseUrl);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IOptions<FeedbackOptions> options, TimeProvider clock)
        {
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(500).OverridePropertyName("Subscription.reason");
            RuleFor(c => c.ChannelType).NotEmpty().OverridePropertyName("Subscription.channel.type");
            RuleFor(c => c.Endpoint).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(1000)
                .OverridePropertyName("Subscription.channel.endpoint")
                .Custom((url, context) =>
                {
                    if (WebhookDestination.Problem(url, options.Value.Webhooks) is { } problem) context.AddFailure("Subscription.channel.endpoint", problem);
                });
            RuleFor(c => c.Secret).Must(secret => secret is { Length: >= 16 and <= 200 })
                .OverridePropertyName("Subscription.channel.extension:subscription-secret")
                .WithMessage($"The channel needs a signing secret of 16 to 200 characters, in the extension {SecretExtension} (valueString).");
            RuleFor(c => c.End).Must(end => end > clock.GetUtcNow()).When(c => c.End is not null)
                .OverridePropertyName("Subscription.end").WithMessage("Subscription.end must be in the future.");
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, Notifier notifier) : ICommandHandler<Command, Subscription>
    {
        public async ValueTask<Subscription> Handle(Command command, CancellationToken cancellationToken)
        {
            // Understood, but not what this server offers: 422, naming the element.
            if (command.Status is not (null or TaskSubscription.Requested or TaskSubscription.Active))
                throw Refused("Subscription.status", "A new Subscription's status is 'requested'.");
            var criteria = TaskCriteria.Parse(command.Criteria);
            if (command.ChannelType != "rest-hook")
                throw Refused("Subscription.channel.type", "Only rest-hook channels are offered (a signed POST to your endpoint).");
            if (command.Headers > 0)
                throw Refused("Subscription.channel.header", "Channel headers are not sent: every notification is signed with your secret instead.");
            var payload = (command.Payload, command.PayloadContent) switch
            {
                (null, null) => TaskSubscription.EmptyPayload,
                // A payload with no payload-content is R4's full resource: never sent (it would carry the person's name).
                (FhirHttp.JsonType, TaskSubscription.EmptyPayload) => TaskSubscription.EmptyPayload,
                (FhirHttp.JsonType, TaskSubscription.IdOnlyPayload) => TaskSubscription.IdOnlyPayload,
                _ => throw Refused("Subscription.channel.payload",
                    "Notifications are empty (no payload) or id-only (payload application/fhir+json with the backport payload-content extension 'id-only'); full resources are never sent."),
            };

            var now = clock.GetUtcNow();
            var fhir = new TaskSubscription(criteria, command.Reason!, payload, command.End, user, command.TaskBaseUrl);
            var webhook = db.Webhooks.Add(WebhookSubscription.ForFhir(user.Id, command.Endpoint!, command.Secret!, fhir, now)).Entity;
            await notifier.ToFhirSubscription($"handshake:{webhook.Id}", webhook, Templates.FhirHandshake(webhook.Id), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return ToFhir(webhook);
        }
    }

    private static RuleViolationException Refused(string element, string message) =>
        new(message, new Dictionary<string, string[]> { [element] = [message] });

    /// <summary>A stored subscription as the R4 Subscription its owner reads: never the secret.</summary>
    public static Subscription ToFhir(WebhookSubscription webhook)
    {
        var fhir = webhook.Fhir!;
        var subscription = new Subscription
        {
            Id = webhook.Id.ToString(),
            Meta = new Meta { LastUpdated = webhook.CreatedAt },
            Status = fhir.Status switch
            {
                TaskSubscription.Active => Subscription.SubscriptionStatus.Active,
                TaskSubscription.InError => Subscription.SubscriptionStatus.Error,
                TaskSubscription.Off => Subscription.SubscriptionStatus.Off,
                _ => Subscription.SubscriptionStatus.Requested,
            },
            Reason = fhir.Reason,
            Criteria = fhir.Criteria,
            Error = fhir.Error,
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = webhook.Url,
            },
        };
        if (fhir.EndsAt is { } end) subscription.EndElement = new Instant(end);
        if (fhir.PayloadContent == TaskSubscription.IdOnlyPayload)
        {
            subscription.Channel.PayloadElement = new Code(FhirHttp.JsonType);
            subscription.Channel.PayloadElement.SetExtension(PayloadContentExtension, new Code(TaskSubscription.IdOnlyPayload));
        }
        return subscription;
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, IOptions<FeedbackOptions> options, CancellationToken cancellationToken)
    {
        var posted = await FhirHttp.ReadAsync<Subscription>(request, cancellationToken);
        var taskBase = options.Value.ReferralsFhirBaseUrl ?? FhirHttp.BaseUrl(request);
        var created = await mediator.Send(Command.From(posted, taskBase), cancellationToken);
        return FhirHttp.Resource(created, StatusCodes.Status201Created, $"{FhirHttp.BaseUrl(request)}/Subscription/{created.Id}");
    }
}
