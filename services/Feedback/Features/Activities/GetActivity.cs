using BuildingBlocks.Web;
using FeedbackService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Activities;

/// <summary>An activity as Feedback knows it (public: feedback on listings is public once moderated).</summary>
public static class GetActivity
{
    public sealed record Query(Guid ServiceId) : IQuery<Result>;

    public sealed record Result(Guid ServiceId, string Name, string OrganisationName);

    internal sealed class Handler(FeedbackDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Activities.AsNoTracking()
                .Where(a => a.ServiceId == query.ServiceId)
                .Select(a => new Result(a.ServiceId, a.Name, a.OrganisationName))
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Activity", query.ServiceId);
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(serviceId), cancellationToken));
}
