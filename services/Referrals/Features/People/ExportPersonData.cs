using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Messages;
using ReferralsService.Features.Queries;

namespace ReferralsService.Features.People;

/// <summary>
/// A subject access request: everything Referrals holds about one person (every referral of theirs with its person,
/// consent, timeline and message thread), for a curator or admin to hand over. Each referral read is audit-logged.
/// Feedback answers for the same referral ids with what it holds.
/// </summary>
public static class ExportPersonData
{
    public sealed record Command(PersonIdentity Person) : ICommand<Result>;

    public sealed record Result(IReadOnlyList<ReferralRecord> Referrals);

    public sealed record ReferralRecord(
        Guid Id, ReferralStatus Status, Guid ServiceId, string ServiceName, GetReferral.ReferrerView Referrer, string? Reason,
        GetReferral.PersonView Person, GetReferral.ConsentView? Consent, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
        IReadOnlyList<GetReferral.TimelineEntry> Timeline, IReadOnlyList<ReferralMessages.MessageView> Messages);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Person).NotNull().SetValidator(new PersonIdentityValidator());
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referrals = await db.Referrals.AsNoTracking().Where(command.Person.Matches()).OrderBy(r => r.CreatedAt)
                .ToListAsync(cancellationToken);
            var ids = referrals.Select(r => r.Id).ToList();
            var messages = (await db.ReferralMessages.AsNoTracking().Where(m => ids.Contains(m.ReferralId)).ToListAsync(cancellationToken))
                .ToLookup(m => m.ReferralId);
            var now = clock.GetUtcNow();
            foreach (var id in ids) db.Audit(id, user, "the person's request for their data", now, action: "export");
            await db.SaveChangesAsync(cancellationToken);
            return new Result(referrals.Select(r => Record(r, messages[r.Id])).ToList());
        }

        private static ReferralRecord Record(Referral r, IEnumerable<ReferralMessage> messages)
        {
            var p = r.Person;
            var c = r.Consent;
            return new ReferralRecord(r.Id, r.Status, r.ServiceId, r.ServiceName,
                new GetReferral.ReferrerView(r.ReferrerId, r.ReferrerName, r.ReferrerRole, r.ReferrerTeam), r.Reason,
                GetReferral.PersonView.Of(p),
                c is null ? null : GetReferral.ConsentView.Of(c),
                r.CreatedAt, r.ClosedAt,
                r.Timeline.Select(t => new GetReferral.TimelineEntry(t.From, t.To, t.By, t.ByRole, t.At, t.Reason, t.Note)).ToList(),
                messages.OrderBy(m => m.At).Select(m => new ReferralMessages.MessageView(m.Id, m.AuthorName, m.FromRole, m.Text, m.At)).ToList());
        }
    }

    public sealed record Body(PersonIdentity Person);

    internal static async Task<IResult> Endpoint(Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(body.Person), cancellationToken));
}
