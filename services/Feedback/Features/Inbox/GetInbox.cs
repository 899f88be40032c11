using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Inbox;

/// <summary>
/// The caller's in-app messages, newest first: their own, plus their organisation's shared inbox (provider staff),
/// the curators' (curators and admins) or their team's (practitioners of the team only, the rule that shares the
/// team's referrals: <see cref="ReferralRights.IsTeamMember"/>).
/// </summary>
public static class GetInbox
{
    public sealed record Query(int Page = 1, int PageSize = MaxPageSize) : IQuery<Result>;

    public sealed record Result(int Unread, IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public const int MaxPageSize = 100;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
        }
    }

    public sealed record Item(Guid Id, string Template, Guid? ReferralId, string Subject, string Body, DateTimeOffset CreatedAt, bool Read);

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var mine = Visible(db, user, clock.GetUtcNow());
            var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
            var total = await mine.CountAsync(cancellationToken);
            var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(n => new Item(n.Id, n.Template, n.ReferralId, n.Subject, n.Body, n.CreatedAt, n.ReadAt != null))
                .ToListAsync(cancellationToken);
            return new Result(unread, items, query.Page, query.PageSize, total);
        }
    }

    /// <summary>The messages in <paramref name="user"/>'s inbox at <paramref name="now"/>, read-only.</summary>
    public static IQueryable<Notification> Visible(FeedbackDb db, CurrentUser user, DateTimeOffset now)
    {
        var recipients = InboxOf(user);
        var mine = db.Notifications.AsNoTracking()
            .Where(Notification.InInboxAt(now)).Where(n => recipients.Contains(n.Recipient));
        if (!user.IsTeamMember(user.Team)) return mine;
        // The referrer is in the team too: the team's copy of news they were told themselves is left out for
        // them. Notifier keys the two copies alike but for the recipient (source|recipient|template|channel).
        var team = Notifier.TeamInbox(user.Team!);
        var teamPart = $"|{team}|";
        var ownPart = $"|{user.Id}|";
        return mine.Where(n => n.Recipient != team
                               || !db.Notifications.Any(own => own.IdempotencyKey == n.IdempotencyKey.Replace(teamPart, ownPart)));
    }

    public static List<string> InboxOf(CurrentUser user)
    {
        var recipients = new List<string> { user.Id };
        if (user.Is(Roles.Provider) && user.OrganisationId is { } org) recipients.Add(Notifier.OrganisationInbox(org));
        if (user.IsCurator()) recipients.Add(Notifier.Curators);
        if (user.IsTeamMember(user.Team)) recipients.Add(Notifier.TeamInbox(user.Team!));
        return recipients;
    }

    internal static async Task<IResult> Endpoint(int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
