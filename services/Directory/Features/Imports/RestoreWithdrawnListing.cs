using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Imports;

/// <summary>
/// POST /api/directory/services/{id}/restore (curators): a listing its publisher's feed withdrew goes back to the
/// status it had (a published one is offered again: ServiceReinstated).
/// </summary>
public static class RestoreWithdrawnListing
{
    public sealed record Command(Guid Id) : ICommand<Result>;

    public sealed record Result(Guid Id, ServiceStatus Status, int Version);

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.Services.Include(s => s.Organisation).SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", command.Id);
            var now = clock.GetUtcNow();
            var published = service.RestoreWithdrawn(now);
            ListingRecords.AddVersion(db, service, user, "Restored after its publisher withdrew it", now);
            if (published && service.Status == ServiceStatus.Active) db.Publish(new ServiceReinstated(service.Id, now), now);
            await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.Status, service.Version);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id), cancellationToken));
}
