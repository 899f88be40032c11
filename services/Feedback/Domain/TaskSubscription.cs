using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Referrals;

namespace FeedbackService.Domain;

/// <summary>
/// An R4 <c>Subscription</c> on referral Tasks (docs/FHIR.md), kept on the webhook receiver it is delivered to: what it
/// asks for (<see cref="Criteria"/>), where it stands (requested, active, error, off), and who made it, with the
/// party facts of their token, so that a notification goes only where its owner could read the Task.
/// </summary>
public sealed class TaskSubscription
{
    public const string Requested = "requested";
    public const string Active = "active";
    public const string InError = "error";
    public const string Off = "off";

    /// <summary>The notification payloads offered: R4's empty one (no payload), and the id-only Bundle.</summary>
    public const string EmptyPayload = "empty";
    public const string IdOnlyPayload = "id-only";

    /// <summary>The webhook templates of FHIR notifications: a Task changed; the handshake that activates the subscription.</summary>
    public const string TaskChangedTemplate = "fhir-task-changed";
    public const string HandshakeTemplate = "fhir-handshake";
    public static readonly string[] Templates = [TaskChangedTemplate, HandshakeTemplate];

    public string Criteria { get; private set; } = "";
    public string Status { get; private set; } = Requested;
    public string? Error { get; private set; }
    public string Reason { get; private set; } = "";
    public string PayloadContent { get; private set; } = EmptyPayload;
    public DateTimeOffset? EndsAt { get; private set; }
    public string OwnerRole { get; private set; } = "";
    public Guid? OwnerOrganisationId { get; private set; }
    public string? OwnerTeam { get; private set; }
    /// <summary>The /fhir base the Tasks are read at (Referrals'), for the id-only payload's full URLs.</summary>
    public string TaskBaseUrl { get; private set; } = "";

    private TaskSubscription() { }

    public TaskSubscription(TaskCriteria criteria, string reason, string payloadContent, DateTimeOffset? endsAt, CurrentUser owner, string taskBaseUrl)
    {
        Criteria = criteria.Text;
        Reason = reason;
        PayloadContent = payloadContent;
        EndsAt = endsAt;
        OwnerRole = owner.Role;
        OwnerOrganisationId = owner.OrganisationId;
        OwnerTeam = owner.Team;
        TaskBaseUrl = taskBaseUrl;
    }

    public TaskCriteria ParsedCriteria => TaskCriteria.Parse(Criteria);

    /// <summary>Told of changes while requested (its handshake may still be queued) or active, until its end.</summary>
    public bool Notifies(DateTimeOffset now) => Status is Requested or Active && (EndsAt is null || now < EndsAt);

    /// <summary>The owner as their token described them when they subscribed: the party rules are applied to that.</summary>
    public CurrentUser Owner(string ownerId) => new(ownerId, "", OwnerRole, OwnerOrganisationId, OwnerTeam);

    /// <summary>
    /// Whether the owner may read this referral's Task, by the same rules as a read of it (<see cref="ReferralRights"/>):
    /// the referrer's side, or the receiving provider once the referral was sent.
    /// </summary>
    public bool OwnerMayRead(string ownerId, Referral referral)
    {
        var owner = Owner(ownerId);
        return referral.IsReferrerSide(owner) || (referral.IsProviderStaff(owner) && referral.Status != ReferralStatuses.Draft);
    }

    /// <summary>A notification reached the receiver: requested becomes active (error too: the endpoint works again).</summary>
    public void Delivered()
    {
        if (Status is Requested or InError)
        {
            Status = Active;
            Error = null;
        }
    }

    /// <summary>The receiver refused for good: the subscription stops, saying why (never where).</summary>
    public void Failed(string reason)
    {
        if (Status == Off) return;
        Status = InError;
        Error = reason.Length > 1000 ? reason[..1000] : reason;
    }
}

/// <summary>
/// A Subscription's criteria: a Task search, <c>Task?param=value&amp;...</c>, with the parameters Feedback can judge
/// from what it holds of a referral: identifier (the referral id), requester (the referrer's user id), owner
/// (Organization/{id}) and status (Task codes, comma-separated). Anything else is refused when subscribing.
/// </summary>
public sealed record TaskCriteria(string Text, Guid? ReferralId, string? Requester, Guid? Owner, IReadOnlyList<string>? Statuses)
{
    public static readonly string[] Parameters = ["identifier", "requester", "owner", "status"];

    public static readonly string[] TaskStatuses =
    [
        ReferralStatuses.Draft, ReferralStatuses.Requested, ReferralStatuses.Accepted, ReferralStatuses.Rejected,
        ReferralStatuses.InProgress, ReferralStatuses.OnHold, ReferralStatuses.Completed, ReferralStatuses.Failed,
        ReferralStatuses.Cancelled, ReferralStatuses.EnteredInError,
    ];

    /// <summary>Parses criteria, or throws a 422 naming what is not supported (<c>Subscription.criteria</c>).</summary>
    public static TaskCriteria Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Refused("Subscription.criteria is required: a Task search such as Task?requester={your user id}.");
        var trimmed = text.Trim();
        var question = trimmed.IndexOf('?');
        var type = question < 0 ? trimmed : trimmed[..question];
        if (type != "Task") throw Refused($"Subscriptions are offered on Task only, not on '{Clip(type)}'.");
        Guid? referralId = null, owner = null;
        string? requester = null;
        List<string>? statuses = null;
        var query = question < 0 ? "" : trimmed[(question + 1)..];
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (value.Length == 0) throw Refused($"The criteria parameter '{Clip(name)}' has no value.");
            switch (name)
            {
                case "identifier":
                    var id = value.Split('|')[^1];
                    if (id.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) id = id["urn:uuid:".Length..];
                    referralId = Guid.TryParse(id, out var parsed) ? parsed : throw Refused("'identifier' must be a referral id (urn:ietf:rfc:3986|urn:uuid:...).");
                    break;
                case "requester":
                    requester = value.Split('|')[^1];
                    foreach (var prefix in new[] { "Practitioner/", "PractitionerRole/" })
                        if (requester.StartsWith(prefix, StringComparison.Ordinal)) requester = requester[prefix.Length..];
                    break;
                case "owner":
                    var organisation = value.StartsWith("Organization/", StringComparison.Ordinal) ? value["Organization/".Length..] : value;
                    owner = Guid.TryParse(organisation, out var org) ? org : throw Refused("'owner' must be Organization/{id}.");
                    break;
                case "status":
                    statuses = value.Split(',').Select(s => s.Trim()).ToList();
                    if (statuses.Any(s => !TaskStatuses.Contains(s))) throw Refused("'status' must be Task status codes, comma-separated.");
                    break;
                default:
                    throw Refused($"The criteria parameter '{Clip(name)}' is not supported; use {string.Join(", ", Parameters)}.");
            }
        }
        return new TaskCriteria(trimmed, referralId, requester, owner, statuses);
    }

    /// <summary>Whether a referral's Task, as it now stands, is one this search would find.</summary>
    public bool Matches(Referral referral) =>
        (ReferralId is null || referral.Id == ReferralId)
        && (Requester is null || referral.ReferrerId == Requester)
        && (Owner is null || referral.ProviderOrganisationId == Owner)
        && (Statuses is null || Statuses.Contains(referral.Status));

    private static RuleViolationException Refused(string message) =>
        new(message, new Dictionary<string, string[]> { ["Subscription.criteria"] = [message] });

    private static string Clip(string text) => text.Length > 40 ? text[..40] : text;
}
