using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Inbox;

/// <summary>Marks one of the caller's in-app messages read (someone else's, or a cancelled one, is a 404: it is not in their inbox).</summary>
public static class MarkRead
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var recipients = GetInbox.InboxOf(user);
            var notification = await db.Notifications.Where(Notification.InInboxAt(clock.GetUtcNow()))
                .SingleOrDefaultAsync(n => n.Id == command.Id && recipients.Contains(n.Recipient), cancellationToken)
                ?? throw new NotFoundException("Message", command.Id);
            notification.MarkRead(clock.GetUtcNow());
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
