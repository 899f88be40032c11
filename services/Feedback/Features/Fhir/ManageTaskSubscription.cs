using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Fhir;

/// <summary>
/// GET and DELETE /fhir/Subscription/{id}: its owner reads where it stands (requested, active, error and why) or ends
/// it; a deleted subscription's notifications not yet sent are cancelled. Anyone else gets the 404 of an unknown id.
/// </summary>
public static class ManageTaskSubscription
{
    public sealed record Read(Guid Id) : IQuery<Subscription>;

    public sealed record Delete(Guid Id) : ICommand;

    internal sealed class ReadHandler(FeedbackDb db, CurrentUser user) : IQueryHandler<Read, Subscription>
    {
        public async ValueTask<Subscription> Handle(Read query, CancellationToken cancellationToken) =>
            CreateTaskSubscription.ToFhir(await db.OwnFhirSubscription(query.Id, user, cancellationToken));
    }

    internal sealed class DeleteHandler(FeedbackDb db, CurrentUser user) : ICommandHandler<Delete>
    {
        public async ValueTask<Unit> Handle(Delete command, CancellationToken cancellationToken)
        {
            var webhook = await db.OwnFhirSubscription(command.Id, user, cancellationToken);
            var address = webhook.Id.ToString();
            foreach (var pending in await db.Notifications
                         .Where(n => n.Channel == Channels.Webhook && n.Address == address && n.Status == DeliveryStatus.Pending)
                         .ToListAsync(cancellationToken))
                pending.Cancel("the subscription was deleted");
            db.Webhooks.Remove(webhook);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>The caller's own FHIR subscription, or the 404 an unknown id gets.</summary>
    private static async Task<WebhookSubscription> OwnFhirSubscription(this FeedbackDb db, Guid id, CurrentUser user, CancellationToken cancellationToken) =>
        await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.OwnerId == user.Id && w.Fhir != null, cancellationToken)
        ?? throw new NotFoundException("Subscription", id);

    internal static async Task<IResult> ReadEndpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var subscriptionId)
            ? FhirHttp.Resource(await mediator.Send(new Read(subscriptionId), cancellationToken))
            : throw new NotFoundException("Subscription", id);

    internal static async Task<IResult> DeleteEndpoint(string id, Sender mediator, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var subscriptionId)) throw new NotFoundException("Subscription", id);
        await mediator.Send(new Delete(subscriptionId), cancellationToken);
        return Results.NoContent();
    }
}
