using System.Globalization;
using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using FluentValidation;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;
using FhirTask = Hl7.Fhir.Model.Task;

namespace ReferralsService.Features.Fhir;

/// <summary>
/// GET /fhir/Task?identifier=&amp;owner=&amp;requester=&amp;status=&amp;patient:identifier=&amp;_lastUpdated=&amp;_count=&amp;_page=:
/// how a clinical system polls for news of its referrals. It finds only the referrals the caller has a side in (the
/// referrer's own and their team's; the provider's incoming ones), newest first; each one whose person it shows is
/// audit-logged, as the JSON lists do.
/// </summary>
public static class SearchTasks
{
    public const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

    /// <param name="LastUpdated">Each <c>_lastUpdated</c> given (they combine: ge2026-01-01 and lt2026-02-01).</param>
    /// <param name="Patient">An NHS number, from <c>patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919</c>.</param>
    public sealed record Query(string? Identifier, string? Owner, string? Requester, string? Status, string? Patient,
        IReadOnlyList<string> LastUpdated, int Count = 50, int Page = 1) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<FhirTask> Tasks, int Total);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Identifier).Must(i => ReferralId(i) is not null)
                .WithMessage("'identifier' must be a referral id (urn:ietf:rfc:3986|urn:uuid:...).").When(q => !string.IsNullOrEmpty(q.Identifier));
            RuleFor(q => q.Owner).Must(o => OrganisationId(o) is not null)
                .WithMessage("'owner' must be Organization/{id}.").When(q => !string.IsNullOrEmpty(q.Owner));
            RuleFor(q => q.Status).Must(s => Statuses(s) is not null)
                .WithMessage("'status' must be Task status codes, comma-separated.").When(q => !string.IsNullOrEmpty(q.Status));
            RuleForEach(q => q.LastUpdated).Must(l => DateFilter.TryParse(l, out _))
                .WithMessage("'_lastUpdated' must be a date or date-time, with an optional prefix (eq, gt, ge, lt, le).");
            RuleFor(q => q.Patient).Must(p => PersonMatch.NormaliseNhsNumber(NhsNumber(p)) is { Length: 10 })
                .WithMessage($"'patient:identifier' must be an NHS number ({NhsNumberSystem}|...).").When(q => !string.IsNullOrEmpty(q.Patient));
            RuleFor(q => q.Count).InclusiveBetween(1, 200).WithName("_count");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithName("_page");
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock, OutcomesBase outcomes) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            // The same two ways in as the JSON lists: the provider's incoming queue, or the referrer's side.
            var referrals = user.Is(Roles.Provider)
                ? db.Referrals.Where(r => r.ProviderOrganisationId == user.OrganisationId && r.Status != ReferralStatus.Draft)
                : db.Referrals.Where(ReferralAccess.OnReferrerSideOf(user));
            if (ReferralId(query.Identifier) is { } id) referrals = referrals.Where(r => r.Id == id);
            if (OrganisationId(query.Owner) is { } owner) referrals = referrals.Where(r => r.ProviderOrganisationId == owner);
            if (!string.IsNullOrEmpty(query.Requester))
            {
                // "system|id", a bare id, or a reference to the referrer (Practitioner/{id}): the referrer's user id.
                var requester = query.Requester.Split('|')[^1];
                foreach (var type in new[] { "Practitioner/", "PractitionerRole/", "Patient/" })
                    if (requester.StartsWith(type, StringComparison.Ordinal)) requester = requester[type.Length..];
                referrals = referrals.Where(r => r.ReferrerId == requester);
            }
            if (Statuses(query.Status) is { } statuses) referrals = referrals.Where(r => statuses.Contains(r.Status));
            if (PersonMatch.NormaliseNhsNumber(NhsNumber(query.Patient)) is { } nhs)
            {
                referrals = referrals.Where(r => r.Person.NhsNumber == nhs);
                // A provider may look a person up only where the person agreed to be shared with it.
                if (user.Is(Roles.Provider)) referrals = referrals.Where(r => r.Consent != null && r.Consent.ShareWithProvider);
            }
            foreach (var text in query.LastUpdated)
            {
                if (DateFilter.TryParse(text, out var filter)) referrals = filter.Apply(referrals); // the validator let only dates through
            }

            var total = await referrals.CountAsync(cancellationToken);
            var page = await referrals.OrderByDescending(r => r.CreatedAt)
                .Skip((query.Page - 1) * query.Count).Take(query.Count)
                .ToListAsync(cancellationToken);

            var now = clock.GetUtcNow();
            var tasks = new List<FhirTask>();
            foreach (var referral in page)
            {
                if (referral.PartyOf(user) is not { } party) continue; // the query above admits only parties
                if (referral.SharesPersonWith(party)) db.Audit(referral.Id, user, "FHIR Task search", now);
                tasks.Add(ReferralTask.ToTask(referral, party, now, outcomes.Url));
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Result(tasks, total);
        }
    }

    internal static Guid? ReferralId(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier)) return null;
        var parts = identifier.Split('|');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[0] != ReferralTask.IdentifierSystem) return null;
        var value = parts[^1];
        if (value.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) value = value[9..];
        return Guid.TryParse(value, out var id) ? id : null;
    }

    internal static Guid? OrganisationId(string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner)) return null;
        var id = FhirHttp.ReferenceId(new ResourceReference(owner), "Organization");
        return Guid.TryParse(id, out var org) ? org : null;
    }

    internal static IReadOnlyList<ReferralStatus>? Statuses(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return null;
        var statuses = new List<ReferralStatus>();
        foreach (var code in status.Split(','))
            if (Lifecycle.TryParse<ReferralStatus>(code, out var s)) statuses.Add(s);
            else return null;
        return statuses;
    }

    private static string? NhsNumber(string? patient)
    {
        if (string.IsNullOrWhiteSpace(patient)) return null;
        var parts = patient.Split('|');
        return parts.Length == 2 && parts[0] != NhsNumberSystem ? null : parts[^1];
    }

    /// <summary>One <c>_lastUpdated</c> comparison, on the time the referral last moved (its timeline's latest step).</summary>
    internal readonly record struct DateFilter(string Prefix, DateTimeOffset Start, DateTimeOffset End)
    {
        public static bool TryParse(string? text, out DateFilter filter)
        {
            filter = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var prefix = text.Length > 2 && char.IsAsciiLetter(text[0]) ? text[..2] : "eq";
            var value = text.Length > 2 && char.IsAsciiLetter(text[0]) ? text[2..] : text;
            if (prefix is not ("eq" or "gt" or "ge" or "lt" or "le")) return false;
            string[] dates = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
            if (DateTime.TryParseExact(value, dates, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            {
                var start = new DateTimeOffset(day, TimeSpan.Zero);
                var end = value.Length switch { 4 => start.AddYears(1), 7 => start.AddMonths(1), _ => start.AddDays(1) };
                filter = new DateFilter(prefix, start, end);
                return true;
            }
            if (!value.Contains('T') || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
            filter = new DateFilter(prefix, at.ToUniversalTime(), at.ToUniversalTime().AddTicks(1));
            return true;
        }

        public IQueryable<Referral> Apply(IQueryable<Referral> referrals)
        {
            var (start, end) = (Start, End);
            return Prefix switch
            {
                "gt" => referrals.Where(r => r.Timeline.Any(t => t.At >= end)),
                "ge" => referrals.Where(r => r.Timeline.Any(t => t.At >= start)),
                "lt" => referrals.Where(r => r.Timeline.All(t => t.At < start)),
                "le" => referrals.Where(r => r.Timeline.All(t => t.At < end)),
                _ => referrals.Where(r => r.Timeline.All(t => t.At < end) && r.Timeline.Any(t => t.At >= start)),
            };
        }
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var query = new Query(FhirHttp.QueryText(q["identifier"]), FhirHttp.QueryText(q["owner"]), FhirHttp.QueryText(q["requester"]), FhirHttp.QueryText(q["status"]),
            FhirHttp.QueryText(q["patient:identifier"]), q["_lastUpdated"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList(),
            FhirHttp.QueryNumber(q["_count"], 50), FhirHttp.QueryNumber(q["_page"], 1));
        var result = await mediator.Send(query, cancellationToken);
        return FhirHttp.SearchSet(request, "Task", result.Total, query.Page, query.Count, result.Tasks);
    }
}
