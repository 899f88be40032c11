using System.Globalization;
using BuildingBlocks.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Admin;

/// <summary>
/// The personal-data audit log: who read, exported or erased which referral, from Referrals' log and Feedback's,
/// merged newest first and filtered by who, which referral, what and when (a GET form, so a filtered view is a link).
/// Shows the actor's name and id and the referral's id, never anything about the person. Reading it is not audited:
/// the log holds no personal data of the people referred.
/// </summary>
[Authorize(Policy = Roles.Admin)]
public sealed class AuditModel(ReferralsClient referrals, FeedbackClient feedback, UserManager<PortalUser> users, PortalDb db) : PortalPage
{
    public const int PageSize = 25;
    /// <summary>
    /// A merged page needs every entry before it from both logs (fetched a service page of 100 at a time), so paging
    /// stops here; narrower filters reach older entries.
    /// </summary>
    public const int MaxPage = 40;
    private const int ServicePageSize = 100;

    /// <summary>The actions the services write (Referrals: read, export, erase; Feedback: its reads and export).</summary>
    public static readonly (string Value, string Label)[] Actions =
    [
        ("read", "Read a referral"), ("read-attendance", "Read attendance"), ("read-summary", "Read outcomes summary"),
        ("export", "Exported on the person's request"), ("erase", "Erased on the person's request"),
    ];

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReferralId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public sealed record Row(DateTimeOffset At, string Service, string ActorId, string? ActorName, string ActorRole, Guid ReferralId,
        string Action, string Purpose);

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Min(MaxPage, (Total + PageSize - 1) / PageSize);
    public bool Filtered => new[] { Actor, ReferralId, Action, From, To }.Any(v => !string.IsNullOrWhiteSpace(v));

    public sealed class Validator : AbstractValidator<AuditModel>
    {
        public Validator()
        {
            RuleFor(m => m.ReferralId).Must(id => Guid.TryParse(id, out _))
                .WithMessage("Enter the referral's reference as it is shown, like 3f2c9a61-8d4e-4b7a-9c55-0e1d2f3a4b5c")
                .When(m => !string.IsNullOrWhiteSpace(m.ReferralId));
            RuleFor(m => m.Action).Must(a => Actions.Any(x => x.Value == a)).WithMessage("Choose an action from the list")
                .When(m => !string.IsNullOrWhiteSpace(m.Action));
            RuleFor(m => m.From).Must(d => Day(d) is not null).WithMessage("Enter the first day as a date, like 2026-12-01")
                .When(m => !string.IsNullOrWhiteSpace(m.From));
            RuleFor(m => m.To).Must(d => Day(d) is not null).WithMessage("Enter the last day as a date, like 2026-12-31")
                .When(m => !string.IsNullOrWhiteSpace(m.To));
            RuleFor(m => m.To).Must((m, to) => Day(to) >= Day(m.From)).WithMessage("The last day must be on or after the first day")
                .When(m => Day(m.From) is not null && Day(m.To) is not null);
            RuleFor(m => m.Actor).MaximumLength(254).WithMessage("Who must be 254 characters or fewer");
            RuleFor(m => m.PageNumber).InclusiveBetween(1, MaxPage).WithMessage($"Choose a page from 1 to {MaxPage}");
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Validate(new Validator(), this)) return;
        var actor = await ActorIdAsync(ct);
        if (actor is null && !string.IsNullOrWhiteSpace(Actor)) return;
        var filter = new AuditFilter(actor, Guid.TryParse(ReferralId, out var id) ? id : null,
            string.IsNullOrWhiteSpace(Action) ? null : Action, Day(From), Day(To));

        // Both logs' newest entries up to the end of this page, merged by time; then this page's slice of them.
        var wanted = PageNumber * PageSize;
        var fromReferrals = await NewestAsync("Referrals", (page, size) => referrals.AuditLogAsync(filter, page, size, ct), wanted);
        var fromFeedback = await NewestAsync("Feedback", (page, size) => feedback.AuditLogAsync(filter, page, size, ct), wanted);
        if (HasErrors) return;
        Total = fromReferrals.Total + fromFeedback.Total;
        var merged = fromReferrals.Rows.Concat(fromFeedback.Rows).OrderByDescending(r => r.At).ThenBy(r => r.Service)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();

        var actorIds = merged.Select(r => r.ActorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Rows = merged.Select(r => r with { ActorName = names.GetValueOrDefault(r.ActorId) }).ToList();
    }

    /// <summary>An email address names its account (admins know colleagues by address); anything else is taken as the id.</summary>
    private async Task<string?> ActorIdAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Actor)) return null;
        var actor = Actor.Trim();
        if (!actor.Contains('@')) return actor;
        // No address has control characters.
        if (BuildingBlocks.Validation.PlainText.IsPlain(actor) && await users.FindByEmailAsync(actor) is { } user) return user.Id;
        AddError("actor", "No account has this email address");
        return null;
    }

    private async Task<(List<Row> Rows, int Total)> NewestAsync(string service,
        Func<int, int, Task<ApiResult<AuditLogPage>>> page, int wanted)
    {
        var rows = new List<Row>();
        for (var number = 1; ; number++)
        {
            var result = await page(number, ServicePageSize);
            if (!Check(result, $"{service} audit log", "actor")) return (rows, 0);
            var answer = result.Value!;
            rows.AddRange(answer.Items.Select(i => new Row(i.At, service, i.ActorId, null, i.ActorRole, i.ReferralId, i.Action, i.Purpose)));
            if (rows.Count >= wanted || answer.Items.Count < ServicePageSize || rows.Count >= answer.Total) return (rows, answer.Total);
        }
    }

    public string Link(int? page = null, string? actor = null, Guid? referralId = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["actor"] = actor ?? Actor, ["referralId"] = referralId?.ToString() ?? ReferralId, ["action"] = Action, ["from"] = From,
            ["to"] = To, ["p"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
        };
        return "/admin/audit" + Microsoft.AspNetCore.Http.QueryString.Create(
            query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    public static string ActionLabel(string action) => Actions.FirstOrDefault(a => a.Value == action).Label ?? Show.Status(action);

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
