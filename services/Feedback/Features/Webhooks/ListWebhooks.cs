using BuildingBlocks.Auth;
using FeedbackService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Webhooks;

/// <summary>The caller's webhook subscriptions (never their secrets).</summary>
public static class ListWebhooks
{
    public sealed record Query : IQuery<IReadOnlyList<CreateWebhook.Result>>;

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : IQueryHandler<Query, IReadOnlyList<CreateWebhook.Result>>
    {
        public async ValueTask<IReadOnlyList<CreateWebhook.Result>> Handle(Query query, CancellationToken cancellationToken) =>
            (await db.Webhooks.AsNoTracking().Where(w => w.OwnerId == user.Id).OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken))
            .Select(w => new CreateWebhook.Result(w.Id, w.Url, w.Events)).ToList();
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
