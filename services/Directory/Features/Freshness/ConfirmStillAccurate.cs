using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Features.Services;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Freshness;

/// <summary>"Still accurate": the organisation's staff or a curator confirms a listing, which resets its staleness.</summary>
public static class ConfirmStillAccurate
{
    public sealed record Command(Guid Id) : ICommand<Result>;

    public sealed record Result(Guid Id, DateTimeOffset LastVerified, bool Stale);

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock, FreshnessSettings freshness)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.Services.Include(s => s.Organisation).SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", command.Id);
            user.EnsureCanEdit(service);
            if (!service.IsPublished)
                throw new ConflictException("Only a published listing can be confirmed.",
                    new Dictionary<string, object?> { ["status"] = service.Status.ToString() });
            var now = clock.GetUtcNow();
            service.MarkVerified(now, user.Name);
            // The last-verified date is shown with the listing, so readers' copies must learn of it.
            await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.LastVerifiedAt, service.IsStale(now, freshness.VerifyEvery));
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id), cancellationToken));
}
