using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.People;

/// <summary>
/// A subject access request, Feedback's part: for the referrals Referrals found for the person, what Feedback holds
/// (the contact it may use, attendance, outcome measures, the messages sent to the person). Audit-logged per referral.
/// </summary>
public static class ExportPersonData
{
    public const int MaxReferrals = 200;

    public sealed record Command(IReadOnlyList<Guid> ReferralIds) : ICommand<Result>;

    public sealed record Result(IReadOnlyList<ReferralRecord> Referrals);

    public sealed record ReferralRecord(Guid ReferralId, string Status, string? FirstName, string? ContactEmail, string? ContactPhone,
        IReadOnlyList<SessionRecord> Attendance, IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<MessageRecord> MessagesToPerson);

    public sealed record SessionRecord(DateOnly SessionDate, string Status, DateTimeOffset RecordedAt);

    public sealed record OutcomeRecord(string Stage, Ons4 Ons4, Loneliness Loneliness, DateTimeOffset RecordedAt);

    public sealed record MessageRecord(string Channel, string? Address, string Subject, string Body, string Status,
        DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ReferralIds).Cascade(CascadeMode.Stop).NotNull().Must(ids => ids.Count <= MaxReferrals)
            .WithMessage($"At most {MaxReferrals} referrals at a time.");
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var ids = command.ReferralIds.Distinct().ToList();
            var referrals = await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
            var sessions = (await db.Attendance.AsNoTracking().Where(a => ids.Contains(a.ReferralId)).ToListAsync(cancellationToken))
                .ToLookup(a => a.ReferralId);
            var outcomes = (await db.Outcomes.AsNoTracking().Where(o => ids.Contains(o.ReferralId)).ToListAsync(cancellationToken))
                .ToLookup(o => o.ReferralId);
            var people = ids.Select(Notifier.Person).ToList();
            var messages = (await db.Notifications.AsNoTracking().Where(n => people.Contains(n.Recipient)).ToListAsync(cancellationToken))
                .ToLookup(n => n.ReferralId);

            var now = clock.GetUtcNow();
            foreach (var referral in referrals)
                db.AuditLog.Add(new AuditEntry(referral.Id, user, "export", "the person's request for their data", now));
            await db.SaveChangesAsync(cancellationToken);

            return new Result(referrals.OrderBy(r => ids.IndexOf(r.Id)).Select(r => new ReferralRecord(
                r.Id, r.Status, r.FirstName, r.ContactEmail, r.ContactPhone,
                sessions[r.Id].OrderBy(s => s.SessionDate).Select(s => new SessionRecord(s.SessionDate, s.Status, s.RecordedAt)).ToList(),
                outcomes[r.Id].OrderBy(o => o.RecordedAt).Select(o => new OutcomeRecord(o.Stage, o.Ons4, o.Loneliness, o.RecordedAt)).ToList(),
                messages[r.Id].OrderBy(n => n.CreatedAt)
                    .Select(n => new MessageRecord(n.Channel, n.Address, n.Subject, n.Body, n.Status, n.CreatedAt, n.SentAt)).ToList()))
                .ToList());
        }
    }

    public sealed record Body(IReadOnlyList<Guid> ReferralIds);

    internal static async Task<IResult> Endpoint(Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(body.ReferralIds), cancellationToken));
}
