using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Deliveries;

/// <summary>Notification deliveries by status for admins: permanent failures stay visible here. No addresses or text.</summary>
public static class GetDeliveries
{
    public sealed record Query(string? Status) : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, string Channel, string Template, Guid? ReferralId, string Status, int Attempts,
        string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Status)
            .Must(s => s is null or DeliveryStatus.Pending or DeliveryStatus.Sent or DeliveryStatus.Failed)
            .WithMessage("Status must be pending, sent or failed.");
    }

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Notifications.AsNoTracking()
                .Where(n => query.Status == null || n.Status == query.Status)
                .OrderByDescending(n => n.CreatedAt).Take(200)
                .Select(n => new Item(n.Id, n.Channel, n.Template, n.ReferralId, n.Status, n.Attempts, n.LastError,
                    n.CreatedAt, n.NextAttemptAt, n.SentAt))
                .ToListAsync(cancellationToken);
    }

    internal static async Task<IResult> Endpoint(string? status, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(status), cancellationToken));
}
