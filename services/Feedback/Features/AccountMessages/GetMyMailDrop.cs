using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using FeedbackService.Data;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.AccountMessages;

/// <summary>
/// The mail drop as a signed-in user may see it: the emails kept instead of sent to them, and the emails and letters
/// to the people they referred (their side of the referral: <see cref="ReferralRights.IsReferrerSide"/>), so a
/// practitioner trying the embedded default sees what the person they referred was sent. Nobody else's: a letter
/// carries a name and an address. Each referral whose messages are shown is audit-logged.
/// </summary>
public static class GetMyMailDrop
{
    public sealed record Query(int Page = 1, int PageSize = GetMailDrop.MaxPageSize) : IQuery<GetMailDrop.Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(GetMailDrop.MaxPageSize);
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, IOptions<FeedbackOptions> options)
        : IQueryHandler<Query, GetMailDrop.Result>
    {
        public async ValueTask<GetMailDrop.Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var channels = GetMailDrop.DroppedChannels(options.Value);
            // The team or the referrer's id narrows the read; the one rule (ReferralRights) then decides.
            var candidates = await db.Referrals.AsNoTracking()
                .Where(r => r.ReferrerId == user.Id || (user.Team != null && r.ReferrerTeam == user.Team))
                .ToListAsync(cancellationToken);
            var referred = candidates.Where(r => r.IsReferrerSide(user)).ToDictionary(r => Notifier.Person(r.Id));
            var recipients = referred.Keys.Append(user.Id).ToList();

            var page = await GetMailDrop.PageAsync(db.Notifications.Dropped(channels).Where(n => recipients.Contains(n.Recipient)),
                query.Page, query.PageSize, cancellationToken);

            var now = clock.GetUtcNow();
            foreach (var referral in page.Recipients.Where(referred.ContainsKey).Select(r => referred[r]))
                db.AuditLog.Add(new AuditEntry(referral.Id, user, "read-mail-drop", "referrer side: the messages the person was sent", now));
            await db.SaveChangesAsync(cancellationToken);
            return page.Result;
        }
    }

    internal static async Task<IResult> Endpoint(int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(page ?? 1, pageSize ?? GetMailDrop.MaxPageSize), cancellationToken));
}
