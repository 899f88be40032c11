using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Identity;

/// <summary>
/// No text with a NUL character is sent to the sign-in store. A form may now bring a NUL as far as a page
/// (<see cref="FormsWithNul"/>), and a page that looks someone up by what was typed (an email address at sign-in) would
/// pass it on: PostgreSQL refuses NUL in text, and a statement failing that way could leave a pooled connection's
/// prepared statements out of step (docs/RELIABILITY.md). The command is refused here instead, before it is sent,
/// and the request answers 400 (PortalApp), as the APIs do for the same character.
/// </summary>
public sealed class NulFreeCommands : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
            if (parameter.Value is string text && text.Contains('\0'))
                throw new TextWithNulException();
    }
}

/// <summary>A request's text held a NUL character on its way to the sign-in store: the request's fault (400), not the portal's.</summary>
public sealed class TextWithNulException() : Exception("Text must not contain the NUL character.");
