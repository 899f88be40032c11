using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.AccountMessages;

/// <summary>
/// The mail drop (Feedback:MailDrop:Enabled and the other drops, the embedded default only): account emails kept instead of sent, newest
/// first, so a newcomer running it locally can follow the link in their confirmation email. Only the emails to the one
/// address asked for, and never a message to a referred person (those are for the referrer's side only:
/// <see cref="GetMyMailDrop"/>). The portal shows them at /dev/mail. Unknown (404) when the drop is off.
/// </summary>
public static class GetMailDrop
{
    public sealed record Query(string? To, int Page = 1, int PageSize = MaxPageSize) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public sealed record Item(Guid Id, string To, string Subject, string Body, DateTimeOffset CreatedAt, string Channel);

    public const int MaxPageSize = 50;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.To).NotEmpty().WithMessage("'to' is required: the mail drop shows the emails to one address.").MaximumLength(320);
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
        }
    }

    /// <summary>The channels whose messages a drop keeps instead of sending; 404 when none does.</summary>
    internal static string[] DroppedChannels(FeedbackOptions options) =>
        options.DroppedChannels() is { Count: > 0 } kept ? [.. kept] : throw new NotFoundException("Mail drop", "messages are sent for real");

    internal static IQueryable<Notification> Dropped(this IQueryable<Notification> notifications, string[] channels) =>
        notifications.AsNoTracking().Where(n => channels.Contains(n.Channel) && n.Status == DeliveryStatus.Sent && n.Address != null);

    /// <summary>A page of the drop, and whom its messages were for (which the answer itself does not say).</summary>
    internal sealed record Page(Result Result, IReadOnlyList<string> Recipients);

    internal static async Task<Page> PageAsync(IQueryable<Notification> dropped, int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await dropped.CountAsync(cancellationToken);
        var rows = await dropped.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(Paging.Skip(page, pageSize)).Take(pageSize)
            .Select(n => new { Item = new Item(n.Id, n.Address!, n.Subject, n.Body, n.CreatedAt, n.Channel), n.Recipient })
            .ToListAsync(cancellationToken);
        return new Page(new Result([.. rows.Select(r => r.Item)], page, pageSize, total), [.. rows.Select(r => r.Recipient).Distinct()]);
    }

    internal sealed class Handler(FeedbackDb db, IOptions<FeedbackOptions> options) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var channels = DroppedChannels(options.Value);
            var to = query.To!.Trim().ToLowerInvariant();
            var accountMail = db.Notifications.Dropped(channels)
                .Where(n => n.Recipient == Notifier.AccountAddress && n.Address!.ToLower() == to);
            return (await PageAsync(accountMail, query.Page, query.PageSize, cancellationToken)).Result;
        }
    }

    internal static async Task<IResult> Endpoint(string? to, int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(to, page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
