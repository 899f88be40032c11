using BuildingBlocks.Validation;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Deliveries;

/// <summary>
/// Notification deliveries by status for admins: permanent failures and unconfirmed sends stay visible here. No
/// addresses or text.
/// </summary>
public static class GetDeliveries
{
    public sealed record Query(string? Status, int Page = 1, int PageSize = MaxPageSize) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    public const int MaxPageSize = 200;

    public sealed record Item(Guid Id, string Channel, string Template, Guid? ReferralId, string Status, int Attempts,
        string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status)
                .Must(s => s is null || DeliveryStatus.All.Contains(s))
                .WithMessage($"Status must be one of: {string.Join(", ", DeliveryStatus.All)}.");
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(MaxPageSize);
        }
    }

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var deliveries = db.Notifications.AsNoTracking().Where(n => query.Status == null || n.Status == query.Status);
            var total = await deliveries.CountAsync(cancellationToken);
            var items = await deliveries.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize)
                .Select(n => new Item(n.Id, n.Channel, n.Template, n.ReferralId, n.Status, n.Attempts, n.LastError,
                    n.CreatedAt, n.NextAttemptAt, n.SentAt))
                .ToListAsync(cancellationToken);
            return new Result(items, query.Page, query.PageSize, total);
        }
    }

    internal static async Task<IResult> Endpoint(string? status, int? page, int? pageSize, Sender mediator,
        CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(status, page ?? 1, pageSize ?? MaxPageSize), cancellationToken));
}
