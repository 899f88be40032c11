using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Activities;

/// <summary>An activity as Feedback knows it, with its published (moderated) resident feedback. Public.</summary>
public static class GetActivity
{
    public sealed record Query(Guid ServiceId) : IQuery<Result>;

    public sealed record Result(Guid ServiceId, string Name, string OrganisationName, int FeedbackCount, double? AverageRating,
        IReadOnlyList<PublishedFeedback> Feedback);

    /// <param name="Reply">The organisation's one public reply, if it has replied.</param>
    public sealed record PublishedFeedback(Guid Id, int Rating, string Comment, DateTimeOffset SubmittedAt, string? Reply, DateTimeOffset? RepliedAt);

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.ServiceId == query.ServiceId, cancellationToken)
                           ?? throw new NotFoundException("Activity", query.ServiceId);
            var published = db.ResidentFeedback.AsNoTracking()
                .Where(f => f.ServiceId == query.ServiceId && f.Status == ModerationStatus.Approved);
            var count = await published.CountAsync(cancellationToken);
            double? average = count == 0 ? null : Math.Round(await published.AverageAsync(f => (double)f.Rating, cancellationToken), 1);
            var latest = await published.OrderByDescending(f => f.SubmittedAt).Take(50)
                .Select(f => new PublishedFeedback(f.Id, f.Rating, f.Comment, f.SubmittedAt, f.Reply, f.RepliedAt))
                .ToListAsync(cancellationToken);
            return new Result(activity.ServiceId, activity.Name, activity.OrganisationName, count, average, latest);
        }
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(serviceId), cancellationToken));
}
