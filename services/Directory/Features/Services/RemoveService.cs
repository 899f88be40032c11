using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>Takes a listing down for good (its staff or a curator). ServiceRemoved tells readers to drop it.</summary>
public static class RemoveService
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.Services.SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", command.Id);
            user.EnsureCanEdit(service);
            var now = clock.GetUtcNow();
            var wasPublished = service.Remove(now);
            ListingRecords.AddVersion(db, service, user, "Removed", now);
            var pending = await db.ListingChanges.Where(c => c.ServiceId == service.Id && c.Decision == Domain.ChangeDecision.Pending)
                .ToListAsync(cancellationToken);
            foreach (var change in pending) change.Decide(false, user.Name, "The listing was removed.", now);
            if (wasPublished) db.Publish(new ServiceRemoved(service.Id, now), now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return Results.NoContent();
    }
}
