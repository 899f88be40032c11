using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Preferences;

/// <summary>The caller's notification preferences (in-app only until they choose otherwise).</summary>
public static class GetPreferences
{
    public sealed record Query : IQuery<Result>;

    public sealed record Result(string? Email, string? Phone, IReadOnlyList<string> Channels, bool DailyDigest);

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var preferences = await db.Preferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
            return preferences is null
                ? new Result(null, null, UserPreferences.DefaultChannels, false)
                : new Result(preferences.Email, preferences.Phone, preferences.Channels, preferences.DailyDigest);
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
