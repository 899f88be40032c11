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
/// The mail drop (Feedback:MailDrop:Enabled, the embedded default only): emails kept instead of sent, newest first, so
/// a newcomer running it locally can read the link in a confirmation email. The portal shows them at /dev/mail.
/// Unknown (404) whenever the mail drop is off.
/// </summary>
public static class GetMailDrop
{
    public sealed record Query(string? To, int Page = 1, int PageSize = MaxPageSize) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public sealed record Item(Guid Id, string To, string Subject, string Body, DateTimeOffset CreatedAt);

    public const int MaxPageSize = 50;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.To).MaximumLength(320);
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
        }
    }

    internal sealed class Handler(FeedbackDb db, IOptions<FeedbackOptions> options) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!options.Value.MailDrop.Enabled) throw new NotFoundException("Mail drop", "email is sent for real");
            var to = query.To?.Trim().ToLowerInvariant();
            var dropped = db.Notifications.AsNoTracking()
                .Where(n => n.Channel == Channels.Email && n.Status == DeliveryStatus.Sent && n.Address != null)
                .Where(n => to == null || to == "" || n.Address!.ToLower() == to);
            var total = await dropped.CountAsync(cancellationToken);
            var items = await dropped.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(n => new Item(n.Id, n.Address!, n.Subject, n.Body, n.CreatedAt))
                .ToListAsync(cancellationToken);
            return new Result(items, query.Page, query.PageSize, total);
        }
    }

    internal static async Task<IResult> Endpoint(string? to, int? page, int? pageSize, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(to, page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
