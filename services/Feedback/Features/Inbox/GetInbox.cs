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
/// The caller's in-app messages, newest first: their own, plus their organisation's shared inbox (provider staff)
/// or the curators' (curators and admins).
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

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var recipients = InboxOf(user);
            var mine = db.Notifications.AsNoTracking()
                .Where(n => n.Channel == Channels.InApp && n.Status == DeliveryStatus.Sent && recipients.Contains(n.Recipient));
            var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
            var total = await mine.CountAsync(cancellationToken);
            var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(n => new Item(n.Id, n.Template, n.ReferralId, n.Subject, n.Body, n.CreatedAt, n.ReadAt != null))
                .ToListAsync(cancellationToken);
            return new Result(unread, items, query.Page, query.PageSize, total);
        }
    }

    public static List<string> InboxOf(CurrentUser user)
    {
        var recipients = new List<string> { user.Id };
        if (user.Is(Roles.Provider) && user.OrganisationId is { } org) recipients.Add(Notifier.OrganisationInbox(org));
        if (user.IsCurator()) recipients.Add(Notifier.Curators);
        return recipients;
    }

    internal static async Task<IResult> Endpoint(int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
