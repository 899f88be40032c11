using FeedbackService.Data;
using FeedbackService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Moderation;

/// <summary>Resident feedback waiting for a curator, oldest first.</summary>
public static class GetModerationQueue
{
    public sealed record Query : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, Guid ServiceId, string ActivityName, int Rating, string Comment, DateTimeOffset SubmittedAt);

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken) =>
            await (from f in db.ResidentFeedback.AsNoTracking()
                   where f.Status == ModerationStatus.Pending
                   join a in db.Activities.AsNoTracking() on f.ServiceId equals a.ServiceId
                   orderby f.SubmittedAt
                   select new Item(f.Id, f.ServiceId, a.Name, f.Rating, f.Comment, f.SubmittedAt))
                .Take(200).ToListAsync(cancellationToken);
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
