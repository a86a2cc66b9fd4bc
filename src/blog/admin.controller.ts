import { Body, Controller, Delete, HttpCode, Param, Post as HttpPost, Put, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { PostAdminService, PostInput } from './post-admin.service';
import type { Post } from './post.entity';

/** The admin JSON API: `POST /admin/posts`, `PUT /admin/posts/:slug`, `DELETE /admin/posts/:slug` (Bearer ADMIN_TOKEN). */
@Controller('admin/posts')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(private readonly admin: PostAdminService) {}

  @HttpPost()
  create(@Body() body: PostInput): Promise<Post> {
    return this.admin.create(body ?? {});
  }

  @Put(':slug')
  update(@Param('slug') slug: string, @Body() body: PostInput): Promise<Post> {
    return this.admin.update(slug, body ?? {});
  }

  @Delete(':slug')
  @HttpCode(204)
  async remove(@Param('slug') slug: string): Promise<void> {
    await this.admin.remove(slug);
  }
}
