/**
 * The start-up floor of a Nest CLI like ours: a nest-commander command that does nothing, in a module that opens
 * TypeORM on a new SQLite file (`BENCH_SEND_DATABASE`), without this library. The sending benchmark times it as a
 * whole process, to tell the cost of the stack (Nest, nest-commander, TypeORM, the SQLite driver) from ours.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Command, CommandFactory, CommandRunner } from 'nest-commander';

@Command({ name: 'noop', description: 'does nothing' })
class NoopCommand extends CommandRunner {
  async run(): Promise<void> {
    process.stdout.write('0 target(s)\n');
  }
}

@Module({
  imports: [TypeOrmModule.forRoot({ type: 'better-sqlite3', database: process.env.BENCH_SEND_DATABASE ?? ':memory:' })],
  providers: [NoopCommand],
})
class FloorModule {}

void CommandFactory.run(FloorModule, { logger: false }).then(() => process.exit(0));
