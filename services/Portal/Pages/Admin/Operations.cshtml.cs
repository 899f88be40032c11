using BuildingBlocks.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Admin;

/// <summary>
/// The operators' page (docs/OPERATIONS.md). Follow one referral: Referrals' and Feedback's records of it, merged by
/// time, each message with where it stands now (sent or not, consumed by which service, faulted into which error
/// queue), each notification per channel. And every service's error queues, each message with a retry and a discard
/// with a reason. Ids, types, states and times only; the services audit each read of a referral's trail.
/// </summary>
[Authorize(Policy = Roles.Admin)]
public sealed class OperationsModel(DirectoryClient directory, ReferralsClient referrals, FeedbackClient feedback) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string? ReferralId { get; set; }

    /// <summary>One row of the merged trail: a service's entry, with what the other services say of the same message.</summary>
    public sealed record Step(DateTimeOffset At, string Service, string Kind, string What, string State, Guid? MessageId);

    public List<Step> Trail { get; private set; } = [];
    /// <summary>Services that have no record of the referral (Feedback before its first event arrives: a lost referral).</summary>
    public List<string> Unknown { get; private set; } = [];
    public Guid? Followed { get; private set; }
    public List<ErrorQueuesView> ErrorQueues { get; } = [];
    /// <summary>The message whose discard was refused: its reason field carries the error.</summary>
    public Guid? RefusedDiscard { get; private set; }

    public sealed class Validator : AbstractValidator<OperationsModel>
    {
        public Validator() =>
            RuleFor(m => m.ReferralId).Must(id => Guid.TryParse(id?.Trim(), out _))
                .WithMessage("Enter the referral's reference as it is shown, like 3f2c9a61-8d4e-4b7a-9c55-0e1d2f3a4b5c")
                .When(m => !string.IsNullOrWhiteSpace(m.ReferralId));
    }

    public sealed record DiscardForm(string? Reason);

    public sealed class DiscardValidator : AbstractValidator<DiscardForm>
    {
        public DiscardValidator() =>
            RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why the message is discarded")
                .MaximumLength(200).WithMessage("The reason must be 200 characters or fewer");
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Validate(new Validator(), this) && Guid.TryParse(ReferralId?.Trim(), out var id)) await FollowAsync(id, ct);
        await LoadErrorQueuesAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(string service, string queue, Guid messageId, CancellationToken ct)
    {
        if (Client(service) is not { } client) return NotFound();
        if (Check(await client.RetryAsync(queue, messageId, ct), "error-queue message"))
        {
            Flash($"The {service} message {messageId} was moved back to {queue[..^"_error".Length]} to be tried again.");
            return Redirect(Url.Content("~/admin/operations") + "#error-queues");
        }
        await LoadErrorQueuesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDiscardAsync(string service, string queue, Guid messageId, string? reason, CancellationToken ct)
    {
        if (Client(service) is not { } client) return NotFound();
        var form = new DiscardForm(reason?.Trim());
        if (Validate(new DiscardValidator(), form) && Check(await client.DiscardAsync(queue, messageId, form.Reason!, ct), "error-queue message", "reason"))
        {
            Flash($"The {service} message {messageId} was discarded; your reason is kept with your name.");
            return Redirect(Url.Content("~/admin/operations") + "#error-queues");
        }
        RefusedDiscard = messageId;
        await LoadErrorQueuesAsync(ct);
        return Page();
    }

    private ServiceClient? Client(string service) => service switch
    {
        "Directory" => directory,
        "Referrals" => referrals,
        "Feedback" => feedback,
        _ => null,
    };

    /// <summary>
    /// Referrals first (the referral's home: an unknown id is a 404 there), then Feedback with Referrals' messages to
    /// look for in its inbox, then Referrals again for Feedback's messages if Feedback published any.
    /// </summary>
    private async Task FollowAsync(Guid id, CancellationToken ct)
    {
        var fromReferrals = await referrals.TrailAsync(id, [], ct);
        if (!Check(fromReferrals, "referral", "referralId")) return;
        Followed = id;
        var referralsPart = fromReferrals.Value!;
        var fromFeedback = await feedback.TrailAsync(id, Published(referralsPart), ct);
        var parts = new List<ReferralTrailPart>();
        if (fromFeedback.Outcome == ApiOutcome.NotFound) Unknown.Add("Feedback");
        else if (!Check(fromFeedback, "feedback trail")) return;
        else
        {
            parts.Add(fromFeedback.Value!);
            if (Published(fromFeedback.Value!).Count > 0)
            {
                var again = await referrals.TrailAsync(id, Published(fromFeedback.Value!), ct);
                if (Check(again, "referral")) referralsPart = again.Value!;
            }
        }
        parts.Add(referralsPart);

        var entries = parts.SelectMany(p => p.Entries).ToList();
        var consumedBy = entries.Where(e => e.Kind == "consumed" && e.MessageId is not null).ToLookup(e => e.MessageId!.Value, e => e.Service);
        Trail = entries.OrderBy(e => e.At).ThenBy(e => e.Service)
            .Select(e => new Step(e.At, e.Service, e.Kind, e.What, e.Kind == "published" ? PublishedState(e, consumedBy) : e.State, e.MessageId))
            .ToList();
    }

    private static List<Guid> Published(ReferralTrailPart part) =>
        part.Entries.Where(e => e.Kind == "published" && e.MessageId is not null).Select(e => e.MessageId!.Value).ToList();

    private static string PublishedState(TrailEntry entry, ILookup<Guid, string> consumedBy)
    {
        var consumers = consumedBy[entry.MessageId!.Value].Distinct().ToList();
        return entry.State != "sent" ? entry.State
            : consumers.Count > 0 ? $"sent; consumed by {string.Join(" and ", consumers)}"
            : "sent; no service has recorded consuming it";
    }

    private async Task LoadErrorQueuesAsync(CancellationToken ct)
    {
        foreach (var client in new ServiceClient[] { directory, referrals, feedback })
        {
            var result = await client.ErrorQueuesAsync(ct);
            if (Check(result, "error queues")) ErrorQueues.Add(result.Value!);
        }
    }

    /// <summary>Error-queue messages about the followed referral, shown in its trail too.</summary>
    public IEnumerable<(string Service, string Queue, ErrorQueueMessage Message)> FaultedForFollowed() =>
        from view in ErrorQueues from queue in view.Queues from message in queue.Messages
        where Followed is not null && message.ReferralId == Followed
        select (view.Service, queue.Queue, message);
}
