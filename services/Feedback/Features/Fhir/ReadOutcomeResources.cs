using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Fhir;

/// <summary>
/// GET /fhir/Encounter/{id}, /fhir/Encounter?based-on=ServiceRequest/{id}, /fhir/Observation/{id} and
/// /fhir/Observation?based-on=...: a referral's attendance and outcome measures (<see cref="OutcomeResources"/>), for
/// the receiving provider, and for the referrer's side only while the person's consent to share them with the
/// referrer stands (<see cref="Referral.MayReadOutcomes"/>). To anyone else, and to the referrer once that consent is
/// withdrawn, a read is the 404 of an unknown id and a search finds nothing. Every read that shows any is audit-logged.
/// </summary>
public static class ReadOutcomeResources
{
    public const string Encounter = "Encounter";
    public const string Observation = "Observation";

    public sealed record Read(string Type, string Id) : IQuery<Resource>;

    /// <param name="ReferralId">From <c>based-on=ServiceRequest/{id}</c>, or <c>subject</c>/<c>patient=Patient/{id}</c>.</param>
    public sealed record Search(string Type, string? ReferralId, int Count = 50, int Page = 1) : IQuery<Found>;

    public sealed record Found(IReadOnlyList<Resource> Resources, int Total);

    public sealed class SearchValidator : AbstractValidator<Search>
    {
        public SearchValidator()
        {
            RuleFor(s => s.ReferralId).Cascade(CascadeMode.Stop).NotEmpty()
                .WithMessage("A search names the referral: based-on=ServiceRequest/{id} (or subject=Patient/{id}).")
                .Must(id => Guid.TryParse(id, out _)).WithMessage("'based-on' must be ServiceRequest/{referral id}.")
                .WithName("based-on");
            RuleFor(s => s.Count).InclusiveBetween(1, 200).WithName("_count");
            RuleFor(s => s.Page).GreaterThanOrEqualTo(1).WithName("_page");
        }
    }

    internal sealed class ReadHandler(FeedbackDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Read, Resource>
    {
        public async ValueTask<Resource> Handle(Read query, CancellationToken cancellationToken)
        {
            var notFound = new NotFoundException(query.Type, query.Id);
            Resource? resource = null;
            Referral? referral = null;
            if (query.Type == Encounter && Guid.TryParse(query.Id, out var sessionId)
                && await db.Attendance.AsNoTracking().SingleOrDefaultAsync(a => a.Id == sessionId, cancellationToken) is { } session)
            {
                referral = await db.Referrals.FindAsync([session.ReferralId], cancellationToken);
                if (referral is not null) resource = OutcomeResources.Encounter(session, referral);
            }
            else if (query.Type == Observation && OutcomeResources.ParseObservationId(query.Id) is var (measureId, suffix)
                     && await db.Outcomes.AsNoTracking().SingleOrDefaultAsync(o => o.Id == measureId, cancellationToken) is { } measure)
            {
                referral = await db.Referrals.FindAsync([measure.ReferralId], cancellationToken);
                if (referral is not null) resource = OutcomeResources.Observations(measure, referral).Single(o => o.Id!.EndsWith(suffix, StringComparison.Ordinal));
            }
            // Not there, or not the caller's to see (a stranger; a referrer without the person's consent): the same 404.
            if (resource is null || referral is null || !referral.MayReadOutcomes(user)) throw notFound;
            db.Audit(user, $"read-{query.Type.ToLowerInvariant()} (FHIR)", referral, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return resource;
        }
    }

    internal sealed class SearchHandler(FeedbackDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Search, Found>
    {
        public async ValueTask<Found> Handle(Search query, CancellationToken cancellationToken)
        {
            var referral = await db.Referrals.FindAsync([Guid.Parse(query.ReferralId!)], cancellationToken);
            // A search finds only what the caller may see; an empty answer confirms nothing about the referral.
            if (referral is null || !referral.MayReadOutcomes(user)) return new Found([], 0);

            List<Resource> all;
            if (query.Type == Encounter)
                all = [.. (await db.Attendance.AsNoTracking().Where(a => a.ReferralId == referral.Id).ToListAsync(cancellationToken))
                    .OrderByDescending(a => a.SessionDate).Select(a => OutcomeResources.Encounter(a, referral))];
            else
                all = [.. (await db.Outcomes.AsNoTracking().Where(o => o.ReferralId == referral.Id).ToListAsync(cancellationToken))
                    .OrderByDescending(o => o.RecordedAt).SelectMany(o => OutcomeResources.Observations(o, referral))];
            if (all.Count > 0)
            {
                db.Audit(user, $"search-{query.Type.ToLowerInvariant()} (FHIR)", referral, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }
            return new Found(all.Skip((query.Page - 1) * query.Count).Take(query.Count).ToList(), all.Count);
        }
    }

    internal static async Task<IResult> ReadEncounter(string id, Sender mediator, CancellationToken cancellationToken) =>
        FhirHttp.Resource(await mediator.Send(new Read(Encounter, id), cancellationToken));

    internal static async Task<IResult> ReadObservation(string id, Sender mediator, CancellationToken cancellationToken) =>
        FhirHttp.Resource(await mediator.Send(new Read(Observation, id), cancellationToken));

    internal static Task<IResult> SearchEncounters(HttpRequest request, Sender mediator, CancellationToken cancellationToken) =>
        SearchAsync(Encounter, request, mediator, cancellationToken);

    internal static Task<IResult> SearchObservations(HttpRequest request, Sender mediator, CancellationToken cancellationToken) =>
        SearchAsync(Observation, request, mediator, cancellationToken);

    private static async Task<IResult> SearchAsync(string type, HttpRequest request, Sender mediator, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var named = FhirHttp.QueryText(q["based-on"]) ?? FhirHttp.QueryText(q["subject"]) ?? FhirHttp.QueryText(q["patient"]);
        var referralId = named is null ? null : named.Split('/')[^1];
        if (named is not null && named.Contains('/') && !named.StartsWith("ServiceRequest/", StringComparison.Ordinal)
            && !named.StartsWith("Patient/", StringComparison.Ordinal))
            referralId = "";
        var count = FhirHttp.QueryNumber(q["_count"], 50);
        var page = FhirHttp.QueryNumber(q["_page"], 1);
        var found = await mediator.Send(new Search(type, referralId ?? "", count, page), cancellationToken);
        return FhirHttp.SearchSet(request, type, found.Total, page, count, found.Resources);
    }
}
