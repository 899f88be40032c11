using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BuildingBlocks.Persistence;

// Used only by `dotnet ef migrations add`: each provider subclass gets its migrations from a live model,
// without starting the web host.

public abstract class SqliteDesignTimeFactory<TDb> : IDesignTimeDbContextFactory<TDb> where TDb : DbContext
{
    public TDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TDb>();
        DatabaseSetup.UseSqlite(options, "Data Source=design-time.db");
        return (TDb)Activator.CreateInstance(typeof(TDb), options.Options)!;
    }
}

public abstract class PostgresDesignTimeFactory<TDb> : IDesignTimeDbContextFactory<TDb> where TDb : DbContext
{
    public TDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TDb>();
        DatabaseSetup.UsePostgres(options, "Host=localhost;Database=design_time");
        return (TDb)Activator.CreateInstance(typeof(TDb), options.Options)!;
    }
}
