using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Inbox;

/// <summary>
/// The caller's in-app messages, newest first: their own, plus their organisation's shared inbox (provider staff)
/// or the curators' (curators and admins).
/// </summary>
public static class GetInbox
{
    public sealed record Query : IQuery<Result>;

    public sealed record Result(int Unread, IReadOnlyList<Item> Items);

    public sealed record Item(Guid Id, string Template, Guid? ReferralId, string Subject, string Body, DateTimeOffset CreatedAt, bool Read);

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var recipients = InboxOf(user);
            var mine = db.Notifications.AsNoTracking()
                .Where(n => n.Channel == Channels.InApp && n.Status == DeliveryStatus.Sent && recipients.Contains(n.Recipient));
            var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
            var items = await mine.OrderByDescending(n => n.CreatedAt).Take(100)
                .Select(n => new Item(n.Id, n.Template, n.ReferralId, n.Subject, n.Body, n.CreatedAt, n.ReadAt != null))
                .ToListAsync(cancellationToken);
            return new Result(unread, items);
        }
    }

    public static List<string> InboxOf(CurrentUser user)
    {
        var recipients = new List<string> { user.Id };
        if (user.Is(Roles.Provider) && user.OrganisationId is { } org) recipients.Add(Notifier.OrganisationInbox(org));
        if (user.Is(Roles.Curator) || user.Is(Roles.Admin)) recipients.Add(Notifier.Curators);
        return recipients;
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
