using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Queries;

/// <summary>
/// One referral with its person, consent, timeline and what the caller may do next. Audit-logged. The provider sees
/// who the person is (person and reason) only while the person's consent to share with it stands. With
/// <c>purpose=print</c> (the portal's printed social prescription) the read is audited as a print, so the log says the
/// referral went on paper; who may read it is the same.
/// </summary>
public static class GetReferral
{
    public const string PrintPurpose = "print";

    public sealed record Query(Guid Id, string? Purpose = null) : IQuery<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Purpose).Must(p => p is null or PrintPurpose).WithMessage($"'purpose' is either left out or '{PrintPurpose}'.");
    }

    public sealed record Result(
        Guid Id, ReferralStatus Status, Guid ServiceId, string ServiceName, Guid ProviderOrganisationId,
        ReferrerView Referrer, string? Reason, PersonView? Person, bool PersonWithheld, ConsentView? Consent,
        DateTimeOffset CreatedAt, DateTimeOffset? RequestedAt, DateTimeOffset? ResponseDueAt, DateTimeOffset? ClosedAt,
        IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<ReferralAction> AllowedTransitions, Flags Flags,
        AttendanceView? Attendance, Guid? DuplicateOf, bool Anonymised);

    public sealed record ReferrerView(string Id, string Name, string Role, string? Team);

    /// <param name="ContactRoute">How to reach them without email or phone (an assisted referral).</param>
    /// <param name="SupportNeeds">What they need to get there and take part.</param>
    public sealed record PersonView(string GivenName, string FamilyName, DateOnly DateOfBirth, string? NhsNumber,
        string? Email, string? Phone, IReadOnlyList<string> Needs, string? Notes, ContactRoute? ContactRoute, SupportNeeds? SupportNeeds)
    {
        public static PersonView Of(Person p) =>
            new(p.GivenName, p.FamilyName, p.DateOfBirth, p.NhsNumber, p.Email, p.Phone, p.Needs, p.Notes, p.ContactRoute, p.SupportNeeds);
    }

    public sealed record ConsentView(ConsentGiver GivenBy, ConsentMethod Method, DateTimeOffset GivenAt, bool ShareWithProvider,
        bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail, string RecordedBy, DateTimeOffset RecordedAt,
        bool ContactByPost = false)
    {
        public static ConsentView Of(Consent c) => new(c.GivenBy, c.Method, c.GivenAt, c.ShareWithProvider, c.ShareOutcomesWithReferrer,
            c.ContactBySms, c.ContactByEmail, c.RecordedBy, c.RecordedAt, c.ContactByPost);
    }

    public sealed record TimelineEntry(ReferralStatus? From, ReferralStatus To, string By, ReferralParty ByRole,
        DateTimeOffset At, string? Reason, string? Note);

    public sealed record Flags(bool Overdue, bool Waitlisted, ServiceUnavailable? ServiceUnavailable);

    public sealed record ServiceUnavailable(string Note, string? Alternative);

    public sealed record AttendanceView(int SessionsAttended, DateOnly? LastAttendedOn, int ConsecutiveNoShows);

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var (r, party) = await db.LoadFor(query.Id, user, cancellationToken);
            var now = clock.GetUtcNow();
            var showPerson = r.SharesPersonWith(party);
            var read = query.Purpose == PrintPurpose ? "print referral" : "view referral";
            db.Audit(r.Id, user, showPerson ? read : read + " (person withheld)", now);
            await db.SaveChangesAsync(cancellationToken);
            var duplicateOf = showPerson ? await DuplicateOf(r, party, cancellationToken) : null;
            // Attendance goes back to the referrer only where the person agreed; the provider recorded it anyway.
            var showAttendance = party == ReferralParty.Provider || r.Consent?.ShareOutcomesWithReferrer == true;
            var p = r.Person;
            var c = r.Consent;
            return new Result(r.Id, r.Status, r.ServiceId, r.ServiceName, r.ProviderOrganisationId,
                new ReferrerView(r.ReferrerId, r.ReferrerName, r.ReferrerRole, r.ReferrerTeam), showPerson ? r.Reason : null,
                showPerson ? PersonView.Of(p) : null,
                !showPerson,
                c is null ? null : ConsentView.Of(c),
                r.CreatedAt, r.RequestedAt, r.ResponseDueAt, r.ClosedAt,
                r.Timeline.Select(t => new TimelineEntry(t.From, t.To, t.By, t.ByRole, t.At, t.Reason, t.Note)).ToList(),
                r.AllowedActions(party),
                new Flags(r.IsOverdue(now), r.Waitlisted,
                    r.ServiceUnavailableNote is null ? null : new ServiceUnavailable(r.ServiceUnavailableNote, r.ServiceUnavailableAlternative)),
                showAttendance ? new AttendanceView(r.SessionsAttended, r.LastAttendedOn, r.ConsecutiveNoShows) : null,
                duplicateOf, r.AnonymisedAt is not null);
        }

        /// <summary>
        /// An earlier open referral of the same person to the same service, among those the caller has a right to:
        /// the referrer's side sees its own; the provider those whose person it may see.
        /// </summary>
        private async Task<Guid?> DuplicateOf(Referral r, ReferralParty party, CancellationToken cancellationToken)
        {
            if (!Lifecycle.IsOpen(r.Status) || r.AnonymisedAt is not null) return null;
            var open = Lifecycle.OpenStatuses.ToList();
            var earlier = db.Referrals.AsNoTracking()
                .Where(o => o.ServiceId == r.ServiceId && o.Id != r.Id && o.NameKey == r.NameKey && o.CreatedAt < r.CreatedAt)
                .Where(o => open.Contains(o.Status));
            earlier = party == ReferralParty.Provider
                ? earlier.Where(o => o.Status != ReferralStatus.Draft && o.Consent != null && o.Consent.ShareWithProvider)
                : earlier.Where(ReferralAccess.OnReferrerSideOf(user));
            return await earlier.Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, string? purpose, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id, purpose), cancellationToken));
}
