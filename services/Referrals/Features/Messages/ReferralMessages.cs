using BuildingBlocks.Auth;
using Contracts.Referrals;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Messages;

/// <summary>
/// The thread between the referrer's side and the provider: read (audit-logged) and post. What the referrer's side
/// wrote is about the person, so the provider reads it only while the person's consent to share with it stands.
/// </summary>
public static class ReferralMessages
{
    public sealed record Query(Guid Id) : IQuery<IReadOnlyList<MessageView>>;

    public sealed record Post(Guid Id, string Text) : ICommand<MessageView>;

    public sealed record PostBody(string Text);

    public sealed record MessageView(Guid Id, string AuthorName, ReferralParty FromRole, string Text, DateTimeOffset At);

    public sealed class Validator : AbstractValidator<Post>
    {
        public Validator() => RuleFor(p => p.Text).NotEmpty().MaximumLength(4000);
    }

    internal const string WithheldText = "Withheld: the person has withdrawn their consent to share their details with the provider.";

    internal sealed class ReadHandler(ReferralsDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<MessageView>>
    {
        public async ValueTask<IReadOnlyList<MessageView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (referral, party) = await db.LoadFor(query.Id, user, cancellationToken);
            var showReferrerSide = referral.SharesPersonWith(party);
            db.Audit(referral.Id, user, showReferrerSide ? "message thread" : "message thread (person withheld)", clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            var messages = await db.ReferralMessages.AsNoTracking().Where(m => m.ReferralId == referral.Id).OrderBy(m => m.At)
                .ToListAsync(cancellationToken);
            return messages.Select(m => new MessageView(m.Id, m.AuthorName, m.FromRole,
                showReferrerSide || m.FromRole == party ? m.Text : WithheldText, m.At)).ToList();
        }
    }

    internal sealed class PostHandler(ReferralsDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Post, MessageView>
    {
        public async ValueTask<MessageView> Handle(Post command, CancellationToken cancellationToken)
        {
            var (referral, party) = await db.LoadFor(command.Id, user, cancellationToken);
            var now = clock.GetUtcNow();
            var message = new ReferralMessage(referral.Id, user.Id, user.Name, party, command.Text, now);
            db.ReferralMessages.Add(message);
            db.Publish(new ReferralMessagePosted(referral.Id, referral.ServiceId, referral.ProviderOrganisationId, referral.ReferrerId,
                Lifecycle.Kebab(party), now), now);
            await db.SaveChangesAsync(cancellationToken);
            return new MessageView(message.Id, message.AuthorName, message.FromRole, message.Text, message.At);
        }
    }

    internal static async Task<IResult> List(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id), cancellationToken));

    internal static async Task<IResult> Create(Guid id, PostBody body, Sender mediator, CancellationToken cancellationToken)
    {
        var message = await mediator.Send(new Post(id, body.Text), cancellationToken);
        return Results.Created($"/api/referrals/{id}/messages", message);
    }
}
