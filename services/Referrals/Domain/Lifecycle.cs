using BuildingBlocks.Web;

namespace ReferralsService.Domain;

/// <summary>The referral states of DESIGN.md (FHIR SDOH Task statuses). JSON writes them kebab-case ("in-progress").</summary>
public enum ReferralStatus { Draft, Requested, Accepted, Rejected, InProgress, OnHold, Completed, Failed, Cancelled, EnteredInError }

/// <summary>What someone does to a referral; each is one POST route (/request, /accept, ... /entered-in-error).</summary>
public enum ReferralAction { Request, Accept, Reject, Start, Hold, Complete, Fail, Cancel, EnteredInError }

/// <summary>On whose side the actor stands. System is the provider's side acting through an event (first attendance).</summary>
public enum ReferralParty { Referrer, Provider, System }

public enum RejectionReason { NoCapacity, NotEligible, UnableToContact, Other }

public enum FailureReason { DidNotAttend, Declined, UnableToContact }

/// <summary>
/// The lifecycle as data: from which states each action may be taken, by which party, and where it leads.
/// Draft can be cancelled by its referrer (an abandoned draft), an addition to DESIGN.md's table that FHIR allows.
/// The provider may cancel only after accepting; before that the provider's answer is a rejection with a reason.
/// </summary>
public static class Lifecycle
{
    private sealed record Rule(ReferralAction Action, ReferralParty Party, ReferralStatus[] From, ReferralStatus To);

    private static readonly ReferralStatus[] Running = [ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.OnHold];

    private static readonly Rule[] Rules =
    [
        new(ReferralAction.Request, ReferralParty.Referrer, [ReferralStatus.Draft], ReferralStatus.Requested),
        new(ReferralAction.Accept, ReferralParty.Provider, [ReferralStatus.Requested], ReferralStatus.Accepted),
        new(ReferralAction.Reject, ReferralParty.Provider, [ReferralStatus.Requested], ReferralStatus.Rejected),
        new(ReferralAction.Start, ReferralParty.Provider, [ReferralStatus.Accepted, ReferralStatus.OnHold], ReferralStatus.InProgress),
        new(ReferralAction.Start, ReferralParty.System, [ReferralStatus.Accepted, ReferralStatus.OnHold], ReferralStatus.InProgress),
        new(ReferralAction.Hold, ReferralParty.Provider, [ReferralStatus.Accepted, ReferralStatus.InProgress], ReferralStatus.OnHold),
        new(ReferralAction.Complete, ReferralParty.Provider, Running, ReferralStatus.Completed),
        new(ReferralAction.Fail, ReferralParty.Provider, Running, ReferralStatus.Failed),
        new(ReferralAction.Cancel, ReferralParty.Referrer, [ReferralStatus.Draft, ReferralStatus.Requested, .. Running], ReferralStatus.Cancelled),
        new(ReferralAction.Cancel, ReferralParty.Provider, Running, ReferralStatus.Cancelled),
        // The person asked for their data to be erased: an open referral closes before it loses its person.
        new(ReferralAction.Cancel, ReferralParty.System, [ReferralStatus.Draft, ReferralStatus.Requested, .. Running], ReferralStatus.Cancelled),
        new(ReferralAction.EnteredInError, ReferralParty.Referrer,
            Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.EnteredInError).ToArray(), ReferralStatus.EnteredInError),
    ];

    public static readonly IReadOnlyList<ReferralStatus> OpenStatuses =
        [ReferralStatus.Draft, ReferralStatus.Requested, ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.OnHold];

    public static bool IsOpen(ReferralStatus status) => OpenStatuses.Contains(status);

    /// <summary>The state the action leads to, or null where this party may not take it from this state.</summary>
    public static ReferralStatus? Target(ReferralStatus from, ReferralAction action, ReferralParty party) =>
        Rules.FirstOrDefault(r => r.Action == action && r.Party == party && r.From.Contains(from))?.To;

    /// <summary>Whether the party may ever take the action (wrong party: 403; wrong state: 409).</summary>
    public static bool MayEver(ReferralAction action, ReferralParty party) =>
        Rules.Any(r => r.Action == action && r.Party == party);

    public static IReadOnlyList<ReferralAction> AllowedActions(ReferralStatus from, ReferralParty party) =>
        Enum.GetValues<ReferralAction>().Where(a => Target(from, a, party) is not null).ToList();

    public static IReadOnlyList<ReferralStatus> NextStatuses(ReferralStatus from, ReferralParty party) =>
        AllowedActions(from, party).Select(a => Target(from, a, party)!.Value).Distinct().ToList();

    /// <summary>"in-progress", "entered-in-error": the form the API and the events use.</summary>
    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var candidate in Enum.GetValues<TEnum>())
            if (string.Equals(Kebab(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase)) { value = candidate; return true; }
        return false;
    }
}

/// <summary>409: the action is one this party may take, but not from the referral's current state.</summary>
public sealed class IllegalTransitionException(ReferralStatus current, ReferralAction action, ReferralParty party)
    : ConflictException($"A referral that is {Lifecycle.Kebab(current)} cannot be moved by '{Lifecycle.Kebab(action)}'.",
        new Dictionary<string, object?>
        {
            ["currentStatus"] = Lifecycle.Kebab(current),
            ["allowedTransitions"] = Lifecycle.AllowedActions(current, party).Select(Lifecycle.Kebab).ToArray(),
            ["allowedStatuses"] = Lifecycle.NextStatuses(current, party).Select(Lifecycle.Kebab).ToArray(),
        })
{
    public ReferralStatus Current { get; } = current;
}
