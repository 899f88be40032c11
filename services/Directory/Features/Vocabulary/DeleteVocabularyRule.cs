using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Search;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Vocabulary;

/// <summary>A curator deletes a vocabulary rule (DELETE /api/directory/vocabulary/{id}); searches stop using it as a change does.</summary>
public static class DeleteVocabularyRule
{
    public sealed record Command(Guid Id) : ICommand;

    internal sealed class Handler(DirectoryDb db, VocabularyInForce vocabulary) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var rule = await db.VocabularyRules.SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken)
                       ?? throw new NotFoundException("Vocabulary rule", command.Id);
            db.VocabularyRules.Remove(rule);
            await db.SaveChangesAsync(cancellationToken);
            await vocabulary.ReloadAsync(db, cancellationToken);
            return Unit.Value;
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return Results.NoContent();
    }
}
